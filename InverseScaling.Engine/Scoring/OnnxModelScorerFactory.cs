using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Tokenization;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Opens a model folder for scoring: one ONNX Runtime session per model (CPU, <see cref="EngineOptions.IntraOpThreads"/>
/// threads), its tokenizer, and the checks that the two fit together.
/// </summary>
public sealed class OnnxModelScorerFactory : IModelScorerFactory
{
    private readonly int _intraOpThreads;
    private readonly OnnxScorerOptions _options;

    public OnnxModelScorerFactory(IOptions<EngineOptions> options)
        : this(options.Value.IntraOpThreads)
    {
    }

    public OnnxModelScorerFactory(int intraOpThreads, OnnxScorerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        _intraOpThreads = intraOpThreads;
        _options = options ?? new OnnxScorerOptions();
    }

    IModelScorer IModelScorerFactory.Open(ModelDescriptor model) => Open(model);

    /// <exception cref="ModelFormatException">The tokenizer or graph cannot be used, or they do not fit together.</exception>
    public OnnxModelScorer Open(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var onnx = ModelFolder.OnnxPath(model);
        var tokenizer = TokenizerLoader.Load(ModelFolder.TokenizerPath(model));
        if (model.Manifest.AddBos && tokenizer.BosId is null)
        {
            throw new ModelFormatException(
                Path.Combine(model.Directory, ModelFolder.ManifestFileName),
                $"\"addBos\" is true but the tokenizer {model.Manifest.Tokenizer} has no BOS token; set \"addBos\": false");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFormatException(onnx, "ONNX Runtime cannot load the graph: " + e.Message, inner: e);
        }

        try
        {
            var layout = GraphLayout.Detect(session, onnx);
            if (layout.LogitsVocabulary is { } vocabulary && vocabulary < tokenizer.VocabularySize)
            {
                throw new ModelFormatException(
                    onnx,
                    $"the logits have {vocabulary} entries but the tokenizer {model.Manifest.Tokenizer} has {tokenizer.VocabularySize} tokens "
                    + "(a tokenizer that can produce ids the model cannot score belongs to another model)");
            }

            return new OnnxModelScorer(model, session, layout, tokenizer, _options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
