using System.Globalization;
using System.Text;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Every URL the dashboard links to, built in one place. All view state is in query parameters (task and model names
/// may contain slashes), so a copied link reopens exactly the same view.
/// </summary>
public static class DashboardUrls
{
    public const string OverviewPath = "/";
    public const string ScalingPath = "/scaling";
    public const string ExamplesPath = "/examples";
    public const string ExamplePath = "/example";
    public const string ScatterPath = "/scatter";
    public const string RunsPath = "/runs";
    public const string DiscoveryPath = "/discovery";

    /// <summary>Query parameter names (the pages' [SupplyParameterFromQuery] names use these constants).</summary>
    public static class Query
    {
        public const string Task = "task";
        public const string Shots = "shots";
        public const string Metric = "metric";
        public const string Axis = "x";
        public const string Invert = "invert";
        public const string Hide = "hide";
        public const string Model = "model";
        public const string A = "a";
        public const string B = "b";
        public const string Text = "q";
        public const string Right = "right";
        public const string Wrong = "wrong";
        public const string Meta = "meta";
        public const string Regex = "rx";
        public const string Sort = "sort";
        public const string Descending = "desc";
        public const string Page = "page";
        public const string PageSize = "size";
        public const string Index = "index";
        public const string Color = "color";
        public const string Facet = "facet";
        public const string Group = "group";
        public const string Family = "family";
        public const string Split = "split";
    }

    public static string OverviewUrl(ScalingMetric metric = ScalingMetric.Loss, int shots = 0) =>
        OverviewUrl(new OverviewViewState { Metric = metric, Shots = shots });

    public static string OverviewUrl(OverviewViewState state) => Build(OverviewPath, state.ToQuery());

    public static string ScalingUrl(
        string task,
        ScalingMetric metric = ScalingMetric.Loss,
        ScalingAxis axis = ScalingAxis.Parameters,
        bool invert = false,
        int shots = 0,
        IEnumerable<string>? hiddenFamilies = null,
        string? split = null) =>
        ScalingUrl(new ScalingViewState
        {
            Task = task,
            Request = new ScalingRequest { Metric = metric, Axis = axis, Invert = invert, Shots = shots, HiddenFamilies = [.. hiddenFamilies ?? []], Split = split },
        });

    public static string ScalingUrl(ScalingViewState state) => Build(ScalingPath, state.ToQuery());

    /// <param name="group">The metadata column the mean Δ is broken down by; null for the overall Δ only.</param>
    public static string ExamplesUrl(ExampleViewState state, int page = 0, int pageSize = DefaultPageSize, string? group = null) =>
        Build(
            ExamplesPath,
            [
                .. state.ToQuery(),
                Pair(Query.Page, page == 0 ? null : Int(page)),
                Pair(Query.PageSize, pageSize == DefaultPageSize ? null : Int(pageSize)),
                Pair(Query.Group, group),
            ]);

    /// <param name="index">The example's index; null opens the first example of the view.</param>
    public static string ExampleUrl(ExampleViewState state, int? index) =>
        Build(ExamplePath, [.. state.ToQuery(), Pair(Query.Index, index is { } i ? Int(i) : null)]);

    public static string ScatterUrl(ExampleViewState state, string? color = null, string? facet = null) =>
        Build(ScatterPath, [.. state.ToQuery(), Pair(Query.Color, color), Pair(Query.Facet, facet)]);

    public static string RunsUrl(string? task = null) => Build(RunsPath, Pair(Query.Task, task));

    /// <param name="metric">Loss or accuracy; null ranks each curve on loss where it has it, else on accuracy.</param>
    /// <param name="family">Only this family; null for all.</param>
    public static string DiscoveryUrl(ScalingMetric? metric = null, string? family = null) =>
        DiscoveryUrl(new DiscoveryViewState { Metric = metric, Family = family });

    public static string DiscoveryUrl(DiscoveryViewState state) => Build(DiscoveryPath, state.ToQuery());

    public const int DefaultPageSize = 25;

    private static KeyValuePair<string, string?> Pair(string key, string? value) => new(key, value);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Build(string path, params IEnumerable<KeyValuePair<string, string?>> query)
    {
        var url = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in query)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            url.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return url.ToString();
    }
}
