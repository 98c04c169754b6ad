using InverseScaling.Dashboard.Model;

namespace InverseScaling.Dashboard.Tests.Model;

public class ImportFormTermsTests
{
    [Theory]
    // The importers' own hints (ImportContext, PipelineCsvImporter, LmEvalSamplesImporter), as the form should say them.
    [InlineData("the size of model \"x\" is not known; give its parameter count (--model x --params N)", "the size of model \"x\" is not known; give its parameter count (the Parameters field)")]
    [InlineData("the rows fit several datasets (A, B); name the task (--task NAME)", "the rows fit several datasets (A, B); name the task (the Task field)")]
    [InlineData("the file does not name its model; give one (--model NAME)", "the file does not name its model; give one (the Model field)")]
    [InlineData("a.csv line 3: loss is NaN", "a.csv line 3: loss is NaN")]
    public void Command_line_hints_become_form_fields(string engine, string form) => Assert.Equal(form, ImportFormTerms.Rewrite(engine));
}
