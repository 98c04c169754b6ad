using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// The last model stays open between runs of the same model, is closed before another model opens, and is closed
/// when idle; a run never loses its scorer while it holds it.
/// </summary>
public sealed class ReusingScorerFactoryTests
{
    private static readonly ModelDescriptor Small = SampleData.Model("small", 1_000, "f");
    private static readonly ModelDescriptor Large = SampleData.Model("large", 9_000, "f");

    [Fact]
    public void A_models_next_run_reuses_its_scorer_and_another_model_closes_it_first()
    {
        var inner = new CountingFactory();
        using var factory = new ReusingScorerFactory(inner, new ManualTime());

        using (factory.Open(Small))
        {
        }

        var again = factory.Open(Small);
        Assert.Equal(Small, again.Model);
        again.Dispose();

        // A returned scorer is no longer the run's to use.
        Assert.Throws<ObjectDisposedException>(() => again.ScoreAsync(TaskType.Classification, []));

        Assert.Single(inner.Opened);
        Assert.False(inner.Opened[0].Disposed);

        using (factory.Open(Large))
        {
            // The small model was closed before the large one opened: one model's memory at a time.
            Assert.True(inner.Opened[0].Disposed);
            Assert.Equal(0, inner.OpenWhenOpening[^1]);
        }

        Assert.Equal([Small, Large], inner.Opened.Select(s => s.Model));
    }

    [Fact]
    public void The_kept_model_closes_when_idle_and_never_while_a_run_holds_it()
    {
        var inner = new CountingFactory();
        var time = new ManualTime();
        using var factory = new ReusingScorerFactory(inner, time);

        var run = factory.Open(Small);
        Assert.Null(time.Pending);
        factory.Release();
        Assert.False(inner.Opened[0].Disposed);

        run.Dispose();
        Assert.Equal(ReusingScorerFactory.IdleRelease, time.PendingDue);
        time.Fire();
        Assert.True(inner.Opened[0].Disposed);

        using (factory.Open(Small))
        {
            Assert.Equal(2, inner.Opened.Count);
        }
    }

    [Fact]
    public void A_second_open_while_the_kept_model_is_in_use_gets_its_own_scorer()
    {
        var inner = new CountingFactory();
        using var factory = new ReusingScorerFactory(inner, new ManualTime());

        using var first = factory.Open(Small);
        var second = factory.Open(Small);
        second.Dispose();

        Assert.Equal(2, inner.Opened.Count);
        Assert.True(inner.Opened[1].Disposed);
        Assert.False(inner.Opened[0].Disposed);
    }

    [Fact]
    public void Disposing_the_factory_closes_the_kept_model_once_its_run_is_done()
    {
        var inner = new CountingFactory();
        var factory = new ReusingScorerFactory(inner, new ManualTime());
        var run = factory.Open(Small);

        factory.Dispose();
        Assert.False(inner.Opened[0].Disposed);
        run.Dispose();

        Assert.True(inner.Opened[0].Disposed);
        Assert.Throws<ObjectDisposedException>(() => factory.Open(Small));
    }

    private sealed class CountingFactory : IModelScorerFactory
    {
        public List<CountingScorer> Opened { get; } = [];

        /// <summary>How many scorers were open (not disposed) at each call to <see cref="Open"/>.</summary>
        public List<int> OpenWhenOpening { get; } = [];

        public IModelScorer Open(ModelDescriptor model)
        {
            OpenWhenOpening.Add(Opened.Count(s => !s.Disposed));
            var scorer = new CountingScorer(model);
            Opened.Add(scorer);
            return scorer;
        }
    }

    private sealed class CountingScorer(ModelDescriptor model) : IModelScorer
    {
        public bool Disposed { get; private set; }

        public ModelDescriptor Model => model;

        public IAsyncEnumerable<IReadOnlyList<ExampleResult>> ScoreAsync(
            TaskType type, IReadOnlyList<TaskExample> examples, IProgress<ScoringProgress>? progress = null, CancellationToken cancellationToken = default) =>
            AsyncEnumerable.Empty<IReadOnlyList<ExampleResult>>();

        public void Dispose() => Disposed = true;
    }

    /// <summary>A clock whose one timer fires when the test says so.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public TimerCallback? Pending { get; private set; }

        public TimeSpan PendingDue { get; private set; }

        private object? _state;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            (Pending, _state, PendingDue) = (callback, state, dueTime);
            return new Handle(this);
        }

        public void Fire()
        {
            var callback = Pending!;
            Pending = null;
            callback(_state);
        }

        private sealed class Handle(ManualTime owner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose() => owner.Pending = null;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
