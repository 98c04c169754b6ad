namespace InverseScaling.Engine;

/// <summary>
/// Where the embedded default lives: the Engine project copies its Bundled/ folder next to the binaries of every
/// project that references it, so the dashboard, the command line, the tests and the benchmark all find it here.
/// </summary>
public static class BundledContent
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Bundled");

    /// <summary>The three official Prize datasets shipped with the repository.</summary>
    public static string Datasets => Path.Combine(Root, "datasets");

    /// <summary>The tiny real models, one sub-folder each.</summary>
    public static string Models => Path.Combine(Root, "models");

    /// <summary>Published results (GPT-3 per example, OPT and Pythia aggregates).</summary>
    public static string Results => Path.Combine(Root, "results");

    /// <summary>Example task-generator specs.</summary>
    public static string Generators => Path.Combine(Root, "generators");
}
