using InverseScaling.Dashboard.Model;

namespace InverseScaling.Dashboard.Tests.Model;

public class DashboardUrlsTests
{
    [Fact]
    public void Scaling_url_leaves_defaults_out_and_escapes_names()
    {
        Assert.Equal("/scaling?task=neqa", DashboardUrls.ScalingUrl("neqa"));
        Assert.Equal(
            "/scaling?task=a%2Fb%20c&metric=acc&x=step&invert=true&shots=3&hide=GPT-3&hide=OPT",
            DashboardUrls.ScalingUrl("a/b c", ScalingMetric.Accuracy, ScalingAxis.TrainingStep, invert: true, shots: 3, hiddenFamilies: ["OPT", "GPT-3"]));
    }

    [Fact]
    public void Example_view_state_round_trips_through_the_query()
    {
        var state = new ExampleViewState
        {
            Task = "pattern matching",
            Shots = 2,
            Models = ["m1", "m 2"],
            A = "m1",
            B = "m 2",
            Query = new ExampleQuery
            {
                Text = "A, B",
                RightFor = ["m1"],
                WrongFor = ["m 2"],
                Metadata = [new MetadataFilter("reps", "3")],
                Sort = "loss:m 2",
                Descending = true,
            },
            RegexColumns = RegexColumnUrl.ParseAll(["count=(\\d+) symbols"]),
        };

        var url = DashboardUrls.ExampleUrl(state, 17);
        var query = ParseQuery(url);
        var values = new ExampleQueryValues
        {
            Models = query[DashboardUrls.Query.Model],
            A = query[DashboardUrls.Query.A][0],
            B = query[DashboardUrls.Query.B][0],
            Text = query[DashboardUrls.Query.Text][0],
            Right = query[DashboardUrls.Query.Right],
            Wrong = query[DashboardUrls.Query.Wrong],
            Meta = query[DashboardUrls.Query.Meta],
            Regex = query[DashboardUrls.Query.Regex],
            Sort = query[DashboardUrls.Query.Sort][0],
            Descending = query[DashboardUrls.Query.Descending][0],
        };
        var back = ExampleViewState.FromQuery(query[DashboardUrls.Query.Task][0], int.Parse(query[DashboardUrls.Query.Shots][0]), values, []);

        Assert.StartsWith("/example?", url);
        Assert.Equal("17", query[DashboardUrls.Query.Index][0]);
        Assert.Equal(state.Task, back.Task);
        Assert.Equal(state.Shots, back.Shots);
        Assert.Equal(state.Models, back.Models);
        Assert.Equal((state.A, state.B), (back.A, back.B));
        Assert.Equal(state.Query.Text, back.Query.Text);
        Assert.Equal(state.Query.RightFor, back.Query.RightFor);
        Assert.Equal(state.Query.WrongFor, back.Query.WrongFor);
        Assert.Equal(state.Query.Metadata, back.Query.Metadata);
        Assert.Equal(state.Query.Sort, back.Query.Sort);
        Assert.True(back.Query.Descending);
        Assert.Equal("count", Assert.Single(back.RegexColumns).Name);
        Assert.Equal("(\\d+) symbols", back.RegexColumns[0].Pattern);
    }

    [Fact]
    public void Scaling_view_state_round_trips_through_the_query()
    {
        var state = new ScalingViewState
        {
            Task = "a/b c",
            Request = new ScalingRequest
            {
                Metric = ScalingMetric.Accuracy, Axis = ScalingAxis.TrainingStep, Invert = true, Shots = 3, HiddenFamilies = ["OPT", "GPT-3"],
            },
        };

        var url = DashboardUrls.ScalingUrl(state);
        var query = ParseQuery(url);
        var notes = new List<string>();
        var back = ScalingViewState.FromQuery(
            new ScalingQueryValues
            {
                Task = query[DashboardUrls.Query.Task][0],
                Metric = query[DashboardUrls.Query.Metric][0],
                Axis = query[DashboardUrls.Query.Axis][0],
                Invert = query[DashboardUrls.Query.Invert][0],
                Shots = query[DashboardUrls.Query.Shots][0],
                Hide = query[DashboardUrls.Query.Hide],
            },
            notes);

        Assert.Equal("/scaling?task=a%2Fb%20c&metric=acc&x=step&invert=true&shots=3&hide=GPT-3&hide=OPT", url);
        Assert.Empty(notes);
        Assert.Equal(state.Task, back.Task);
        Assert.Equal(
            (state.Request.Metric, state.Request.Axis, state.Request.Invert, state.Request.Shots),
            (back.Request.Metric, back.Request.Axis, back.Request.Invert, back.Request.Shots));
        Assert.Equal(["GPT-3", "OPT"], back.Request.HiddenFamilies);
    }

    [Fact]
    public void Scaling_query_values_that_cannot_be_used_fall_back_to_the_defaults_with_a_note_each()
    {
        var notes = new List<string>();

        var state = ScalingViewState.FromQuery(new ScalingQueryValues { Metric = "speed", Invert = "maybe", Shots = "two" }, notes);

        Assert.Null(state.Task);
        Assert.Equal((ScalingMetric.Loss, ScalingAxis.Parameters, false, 0), (state.Request.Metric, state.Request.Axis, state.Request.Invert, state.Request.Shots));
        Assert.Equal(3, notes.Count);
        Assert.Contains("Ignored invert=maybe: not true or false.", notes);
        Assert.Contains("Ignored shots=two: not a whole number.", notes);
        Assert.Equal("/scaling", DashboardUrls.ScalingUrl(state));
    }

    [Fact]
    public void Overview_view_state_round_trips_through_the_query()
    {
        var state = new OverviewViewState { Metric = ScalingMetric.Accuracy, Shots = 3 };

        var url = DashboardUrls.OverviewUrl(state);
        var query = ParseQuery(url);
        var notes = new List<string>();
        var back = OverviewViewState.FromQuery(
            new OverviewQueryValues { Metric = query[DashboardUrls.Query.Metric][0], Shots = query[DashboardUrls.Query.Shots][0] }, notes);

        Assert.Equal("/?metric=acc&shots=3", url);
        Assert.Empty(notes);
        Assert.Equal(state, back);
        Assert.Equal("/", DashboardUrls.OverviewUrl(new OverviewViewState()));
    }

    [Fact]
    public void Overview_query_values_that_cannot_be_used_fall_back_to_loss_and_zero_shots_with_a_note_each()
    {
        var notes = new List<string>();

        var state = OverviewViewState.FromQuery(new OverviewQueryValues { Metric = "mass", Shots = "two" }, notes);

        Assert.Equal(new OverviewViewState(), state);
        Assert.Equal(
            ["The overview shows loss or accuracy; class probability mass is on the scaling page. Showing loss.", "Ignored shots=two: not a whole number."],
            notes);
    }

    [Fact]
    public void Discovery_view_state_round_trips_through_the_query()
    {
        var state = new DiscoveryViewState { Metric = ScalingMetric.Loss, Family = "GPT-3 / OPT" };

        var url = DashboardUrls.DiscoveryUrl(state);
        var query = ParseQuery(url);
        var back = DiscoveryViewState.FromQuery(
            new DiscoveryQueryValues { Metric = query[DashboardUrls.Query.Metric][0], Family = query[DashboardUrls.Query.Family][0] });

        Assert.Equal("/discovery?metric=loss&family=GPT-3%20%2F%20OPT", url);
        Assert.Equal(state, back);
        Assert.Equal("/discovery", DashboardUrls.DiscoveryUrl(new DiscoveryViewState()));
    }

    [Fact]
    public void Discovery_metric_other_than_loss_or_accuracy_ranks_on_loss_else_accuracy()
    {
        var state = DiscoveryViewState.FromQuery(new DiscoveryQueryValues { Metric = "acc_norm", Family = "" });

        Assert.Equal(new DiscoveryViewState(), state);
        Assert.Equal(ScalingMetric.Accuracy, DiscoveryViewState.FromQuery(new DiscoveryQueryValues { Metric = "acc" }).Metric);
    }

    [Fact]
    public void Examples_url_carries_page_and_size_only_when_not_default()
    {
        var state = new ExampleViewState { Task = "t" };
        Assert.Equal("/examples?task=t", DashboardUrls.ExamplesUrl(state));
        Assert.Equal("/examples?task=t&page=4&size=100", DashboardUrls.ExamplesUrl(state, page: 4, pageSize: 100));
    }

    internal static Dictionary<string, string[]> ParseQuery(string url)
    {
        var query = url[(url.IndexOf('?') + 1)..];
        return query.Split('&')
            .Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]))
            .ToDictionary(g => g.Key, g => g.ToArray());
    }
}
