using System.Globalization;
using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Import;

/// <summary>A model whose size is known from its name.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Family">Its family (one curve per family).</param>
/// <param name="Parameters">Parameter count.</param>
/// <param name="TrainingTokens">Tokens the final checkpoint was trained on, as its paper reports; null when unknown.</param>
/// <param name="TokensPerStep">Tokens per optimiser step, for families whose intermediate checkpoints are named by step.</param>
public sealed record KnownModel(string Name, string Family, long Parameters, long? TrainingTokens = null, long? TokensPerStep = null)
{
    /// <summary>Training tokens of the checkpoint at <paramref name="step"/> (or of the final model without a step).</summary>
    public long? TrainingTokensAt(long? step) => step is { } s && TokensPerStep is { } perStep ? s * perStep : TrainingTokens;
}

/// <summary>
/// Model sizes as the Prize's plots use them — <c>size_dict</c> in eval_pipeline/plot_loss.py of
/// naimenz/inverse-scaling-eval-pipeline@34c8c7b: GPT-2 by checkpoint name, GPT-3 base engines and their
/// <c>text-*-001</c> InstructGPT versions at the base models' sizes (after blog.eleuther.ai/gpt3-model-sizes),
/// GPT-Neo/GPT-J and OPT by name — plus OPT and Pythia sizes read from their names, and Gopher (280B) and
/// Chinchilla (70B) as their papers give them (Rae et al. 2021; Hoffmann et al. 2022), and Anthropic's language models
/// (13M … 52B: Askell et al. 2021, Bai et al. 2022; the Prize's figures show the pretrained LM, its context-distilled and
/// its RLHF versions at these sizes) under names such as <c>anthropic-lm-52b</c>. <c>text-davinci-002/003</c>
/// have no published size: they are deliberately absent, so an import asks for <c>--params</c>.
/// </summary>
public static partial class KnownModelSizes
{
    public const string Gpt3 = "GPT-3";
    public const string Gpt2 = "GPT-2";
    public const string Opt = "OPT";
    public const string Pythia = "Pythia";
    public const string InstructGpt = "InstructGPT (text-*-001)";
    public const string GptNeo = "GPT-Neo/GPT-J";
    public const string DeepMind = "Gopher/Chinchilla";
    public const string AnthropicLm = "Anthropic LM";
    public const string AnthropicContextDistilled = "Anthropic context distilled";
    public const string AnthropicRlhf = "Anthropic RLHF";

    /// <summary>Where the sizes come from, for import summaries and the README.</summary>
    public const string Source =
        "the Prize's size table (naimenz/inverse-scaling-eval-pipeline eval_pipeline/plot_loss.py size_dict), OPT/Pythia sizes from their names, Gopher 280B and Chinchilla 70B from their papers, Anthropic's 13M–52B models from Askell et al. 2021";

    // Training tokens as the papers report them, for the dashboard's training-tokens and FLOPs axes:
    // GPT-3 300B (Brown et al. 2020, table D.1), OPT 180B (Zhang et al. 2022), Pythia 300B in 143,000 steps of
    // 1,024 × 2,048 tokens (Biderman et al. 2023). GPT-2's token count was not published.
    private const long Gpt3Tokens = 300_000_000_000;
    private const long OptTokens = 180_000_000_000;
    private const long PythiaTokensPerStep = 1024 * 2048;
    private const long PythiaTokens = 143_000 * PythiaTokensPerStep;

    private static readonly Dictionary<string, KnownModel> Fixed = new KnownModel[]
    {
        new("ada", Gpt3, 350_000_000, Gpt3Tokens),
        new("babbage", Gpt3, 1_300_000_000, Gpt3Tokens),
        new("curie", Gpt3, 6_700_000_000, Gpt3Tokens),
        new("davinci", Gpt3, 175_000_000_000, Gpt3Tokens),
        new("text-ada-001", InstructGpt, 350_000_000, Gpt3Tokens),
        new("text-babbage-001", InstructGpt, 1_300_000_000, Gpt3Tokens),
        new("text-curie-001", InstructGpt, 6_700_000_000, Gpt3Tokens),
        new("text-davinci-001", InstructGpt, 175_000_000_000, Gpt3Tokens),
        new("gpt-neo-125M", GptNeo, 125_000_000),
        new("gpt-neo-1.3B", GptNeo, 1_300_000_000),
        new("gpt-neo-2.7B", GptNeo, 2_700_000_000),
        new("gpt-j-6B", GptNeo, 6_000_000_000),
        new("gopher", DeepMind, 280_000_000_000),
        new("chinchilla", DeepMind, 70_000_000_000),
        new("gpt2", Gpt2, 124_000_000),
        new("gpt2-medium", Gpt2, 355_000_000),
        new("gpt2-large", Gpt2, 774_000_000),
        new("gpt2-xl", Gpt2, 1_500_000_000),
    }.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The model named <paramref name="name"/> ("davinci", "facebook/opt-1.3b", "EleutherAI/pythia-410m-deduped"),
    /// or null when its size cannot be known from the name.
    /// </summary>
    public static KnownModel? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = BareName(name);
        if (Fixed.TryGetValue(bare, out var known))
        {
            return known;
        }

        if (AnthropicName().Match(bare) is { Success: true } anthropic)
        {
            return new KnownModel(bare, AnthropicFamily(anthropic.Groups["variant"].Value), AnthropicSizes[anthropic.Groups["size"].Value.ToLowerInvariant()]);
        }

        var match = SizedName().Match(bare);
        if (!match.Success)
        {
            return null;
        }

        var isOpt = match.Groups["family"].Value.Equals("opt", StringComparison.OrdinalIgnoreCase);
        var number = decimal.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var scale = char.ToLowerInvariant(match.Groups["unit"].Value[0]) == 'b' ? 1_000_000_000m : 1_000_000m;
        var parameters = (long)(number * scale);
        return isOpt
            ? new KnownModel(bare, Opt, parameters, OptTokens)
            : new KnownModel(bare, Pythia, parameters, PythiaTokens, PythiaTokensPerStep);
    }

    /// <summary>The family a model name belongs to, when it is one of the Prize's or Pythia's.</summary>
    public static string? FamilyOf(string name) => Find(name)?.Family;

    /// <summary>
    /// A family for a model not in the table: its name without a trailing size ("acme-lm-1.3b" → "acme-lm"), so the
    /// sizes of one suite share a curve; the whole name when it carries no size.
    /// </summary>
    public static string FamilyFromName(string name)
    {
        var bare = BareName(name);
        var match = TrailingSize().Match(bare);
        return match.Success && match.Index > 0 ? bare[..match.Index] : bare;
    }

    /// <summary>The name without an organisation prefix ("facebook/opt-1.3b" → "opt-1.3b").</summary>
    public static string BareName(string name)
    {
        var trimmed = name.Trim();
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    /// <summary>The sizes Anthropic's papers report for their model series; no other size of theirs is known.</summary>
    private static readonly Dictionary<string, long> AnthropicSizes = new()
    {
        ["13m"] = 13_000_000,
        ["42m"] = 42_000_000,
        ["197m"] = 197_000_000,
        ["810m"] = 810_000_000,
        ["2.7b"] = 2_700_000_000,
        ["13b"] = 13_000_000_000,
        ["52b"] = 52_000_000_000,
    };

    private static string AnthropicFamily(string variant) => variant.ToLowerInvariant().Replace("-", "").Replace("_", "").Replace(" ", "") switch
    {
        "rlhf" => AnthropicRlhf,
        "cd" or "contextdistilled" => AnthropicContextDistilled,
        _ => AnthropicLm,
    };

    [GeneratedRegex(@"^anthropic[-_ ]?(?<variant>lm|plain[-_ ]?lm|rlhf|cd|context[-_ ]?distilled)?[-_ ]?(?<size>13m|42m|197m|810m|2\.7b|13b|52b)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicName();

    [GeneratedRegex(@"[-_ ]\d+(\.\d+)?[kmbt]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingSize();

    [GeneratedRegex(@"^(?<family>opt|pythia)-(?<number>\d+(\.\d+)?)(?<unit>[mb])(-deduped)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizedName();
}
