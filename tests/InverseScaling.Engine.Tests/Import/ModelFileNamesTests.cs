using InverseScaling.Engine.Import;

namespace InverseScaling.Engine.Tests.Import;

public sealed class ModelFileNamesTests
{
    [Theory]
    [InlineData("ada.csv", "ada")]
    [InlineData("ada (1).csv", "ada")]
    [InlineData("text-curie-001-results.csv", "text-curie-001")]
    [InlineData("davinci_results (2).csv", "davinci")]
    [InlineData("opt-1.3b.csv.csv", "opt-1.3b")]
    [InlineData("gpt2-xl", "gpt2-xl")]
    public void Saved_file_names_give_the_model(string fileName, string model) => Assert.Equal(model, ModelFileNames.ModelName(fileName));

    [Theory]
    [InlineData("text-ada-001", 350_000_000L)]
    [InlineData("text-babbage-001", 1_300_000_000L)]
    [InlineData("text-curie-001", 6_700_000_000L)]
    [InlineData("text-davinci-001", 175_000_000_000L)]
    [InlineData("opt-66b", 66_000_000_000L)]
    [InlineData("gpt-neo-2.7B", 2_700_000_000L)]
    [InlineData("chinchilla", 70_000_000_000L)]
    [InlineData("gopher", 280_000_000_000L)]
    public void The_Prize_size_table_covers_instruct_models_and_more(string name, long parameters) =>
        Assert.Equal(parameters, KnownModelSizes.Find(name)!.Parameters);

    [Theory]
    [InlineData("text-davinci-002")]
    [InlineData("text-davinci-003")]
    public void Models_without_a_published_size_are_not_guessed(string name) => Assert.Null(KnownModelSizes.Find(name));

    [Theory]
    [InlineData("acme/inverse-lm-1.4b", "inverse-lm")]
    [InlineData("my_model_350M", "my_model")]
    [InlineData("my-model", "my-model")]
    public void A_family_is_the_name_without_its_size(string name, string family) => Assert.Equal(family, KnownModelSizes.FamilyFromName(name));
}
