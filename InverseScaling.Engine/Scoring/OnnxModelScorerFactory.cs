using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Models.Onnx;
using InverseScaling.Engine.Tokenization;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Opens a model folder for scoring: one ONNX Runtime session per model (CPU, <see cref="EngineOptions.IntraOpThreads"/>
/// threads), its tokenizer, and the checks that the two fit together.
/// </summary>
internal sealed class OnnxModelScorerFactory : IModelScorerFactory
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

        // The tokenizer is read while ONNX Runtime loads the graph: a 128k–262k-token tokenizer.json takes 0.5–1.4 s
        // and a 100 M-parameter graph 1–2 s, each on one core, so overlapped they bring a run's first result that much closer.
        return Open(model, Task.Run(() => TokenizerLoader.Load(ModelFolder.TokenizerPath(model))));
    }

    /// <summary>Opens <paramref name="model"/> with a tokenizer given rather than read from its folder (the benchmark's stand-in).</summary>
    internal OnnxModelScorer Open(ModelDescriptor model, ITextTokenizer tokenizer) => Open(model, Task.FromResult(tokenizer));

    private OnnxModelScorer Open(ModelDescriptor model, Task<ITextTokenizer> loading)
    {
        var onnx = ModelFolder.OnnxPath(model);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        InferenceSession? session = null;
        OnnxRuntimeException? sessionError = null;
        ITextTokenizer tokenizer;
        try
        {
            try
            {
                session = OpenSession(onnx, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                sessionError = e;
            }

            // The tokenizer's own error comes first, as when the two were opened one after the other.
            tokenizer = loading.GetAwaiter().GetResult();
            if (model.Manifest.AddBos && tokenizer.BosId is null)
            {
                throw new ModelFormatException(
                    Path.Combine(model.Directory, ModelFolder.ManifestFileName),
                    $"\"addBos\" is true but the tokenizer {model.Manifest.Tokenizer} has no BOS token; set \"addBos\": false");
            }
        }
        catch
        {
            session?.Dispose();
            throw;
        }

        if (session is null)
        {
            throw new ModelFormatException(onnx, "ONNX Runtime cannot load the graph: " + sessionError!.Message, inner: sessionError);
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

            // Exporters pad the embedding to a multiple of 64 or 128 (Pythia 50,304 rows for 50,277 tokens; Phi-2 51,200
            // for 50,295), never to twice the vocabulary: a tokenizer under half the logits is another model's, and its ids
            // would score the wrong rows without any error.
            if (layout.LogitsVocabulary is { } padded && tokenizer.VocabularySize < padded / 2)
            {
                throw new ModelFormatException(
                    onnx,
                    $"the logits have {padded} entries but the tokenizer {model.Manifest.Tokenizer} has only {tokenizer.VocabularySize} tokens "
                    + "(far more than padding explains: the tokenizer belongs to another model)");
            }

            ContextCheck.Verify(model, session, layout, onnx);
            NativeHeap.Trim();
            return new OnnxModelScorer(model, session, layout, tokenizer, _options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The derived scored-rows graph where it can be made and loaded, else the user's own.</summary>
    private InferenceSession OpenSession(string onnx, SessionOptions sessionOptions)
    {
        if (_options.HeadAtScoredRowsOnly && ScoredRowsGraph.Prepare(onnx) is { } derived)
        {
            try
            {
                return new InferenceSession(derived, sessionOptions);
            }
            catch (OnnxRuntimeException)
            {
                // The user's graph decides what is reported: if it loads, the derivation was at fault and is skipped.
            }
        }

        return new InferenceSession(onnx, sessionOptions);
    }
}
