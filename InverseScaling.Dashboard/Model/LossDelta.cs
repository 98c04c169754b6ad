namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The dashboard's one Δ convention, used by the examples grid, the scatter and their exports: Δ loss = loss(B) − loss(A),
/// where B is by default the larger model. Positive means B is worse — the inverse-scaling direction — and is red
/// everywhere; the first click on a Δ sort puts the most inverse examples first.
/// </summary>
public static class LossDelta
{
    public static double Of(double lossA, double lossB) => lossB - lossA;

    /// <summary>Okabe–Ito vermillion and blue: told apart with any common colour-vision deficiency (unlike red/green).</summary>
    public const string WorseColor = "#D55E00";

    public const string BetterColor = "#0072B2";

    public static string Explain(string a, string b) => $"Δ loss = loss({b}) − loss({a}); positive (red): {b} worse";
}
