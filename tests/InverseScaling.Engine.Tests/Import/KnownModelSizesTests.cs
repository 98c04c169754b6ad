using InverseScaling.Engine.Import;

namespace InverseScaling.Engine.Tests.Import;

public sealed class KnownModelSizesTests
{
    [Theory]
    [InlineData("davinci", "GPT-3", 175_000_000_000L, 300_000_000_000L)]
    [InlineData("facebook/opt-1.3b", "OPT", 1_300_000_000L, 180_000_000_000L)]
    [InlineData("EleutherAI/pythia-410m-deduped", "Pythia", 410_000_000L, 299_892_736_000L)]
    [InlineData("gpt2-xl", "GPT-2", 1_500_000_000L, null)]
    [InlineData("anthropic-lm-52b", "Anthropic LM", 52_000_000_000L, null)]
    [InlineData("Anthropic_RLHF_810M", "Anthropic RLHF", 810_000_000L, null)]
    [InlineData("anthropic-context-distilled-2.7b", "Anthropic context distilled", 2_700_000_000L, null)]
    [InlineData("text-davinci-001", "InstructGPT (text-*-001)", 175_000_000_000L, 300_000_000_000L)]
    public void Names_give_size_family_and_training_tokens(string name, string family, long parameters, long? tokens)
    {
        var model = KnownModelSizes.Find(name)!;

        Assert.Equal(family, model.Family);
        Assert.Equal(parameters, model.Parameters);
        Assert.Equal(tokens, model.TrainingTokens);
    }

    [Fact]
    public void A_pythia_checkpoint_has_seen_its_steps_times_the_batch_in_tokens()
    {
        var pythia = KnownModelSizes.Find("pythia-70m")!;

        Assert.Equal(2_000L * 1024 * 2048, pythia.TrainingTokensAt(2_000));
        Assert.Equal(pythia.TrainingTokens, pythia.TrainingTokensAt(null));
        Assert.Equal(300_000_000_000L, KnownModelSizes.Find("ada")!.TrainingTokensAt(5));
    }

    [Fact]
    public void Unknown_names_have_no_size()
    {
        Assert.Null(KnownModelSizes.Find("my-model"));
    }
}
