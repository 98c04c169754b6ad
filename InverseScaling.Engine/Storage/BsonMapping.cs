using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using LiteDB;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// Hand-written mapping between the Engine's records and BSON documents. LiteDB's reflection mapper does not
/// handle init-only records with read-only list interfaces, and explicit short field names keep the per-example
/// documents small: a 20,897-row task × 8 runs is the size the dashboard has to read quickly.
/// Doubles are stored as BSON doubles (IEEE 754 binary64), so they round-trip exactly.
/// </summary>
internal static class BsonMapping
{
    /// <summary>Key of one example's result: the run id and the zero-padded index, so the primary-key index
    /// keeps a run's results together and in index order, and (run, index) is unique by construction.</summary>
    public static string ResultId(string runId, int index) =>
        runId + ":" + index.ToString("D8", CultureInfo.InvariantCulture);

    public static string ResultPrefix(string runId) => runId + ":";

    public static string ExampleId(string datasetSha256, int index) =>
        datasetSha256 + ":" + index.ToString("D8", CultureInfo.InvariantCulture);

    public static string ExamplePrefix(string datasetSha256) => datasetSha256 + ":";

    // ---- per-example results ------------------------------------------------------------------------------

    public static BsonDocument ToDocument(string runId, ExampleResult r)
    {
        var doc = new BsonDocument
        {
            ["_id"] = ResultId(runId, r.Index),
            ["i"] = r.Index,
            ["l"] = r.Loss,
            ["c"] = r.Correct,
            ["p"] = r.Predicted,
            ["t"] = r.TotalLogprob,
            ["cl"] = new BsonArray(r.ClassLogprobs.Select(v => new BsonValue(v))),
        };
        if (r.ClassTokens is not null)
        {
            doc["ct"] = new BsonArray(r.ClassTokens.Select(tokens => (BsonValue)new BsonArray(tokens.Select(ToBson))));
        }

        if (r.OtherClassLogprobs.Count > 0)
        {
            doc["ocl"] = new BsonArray(r.OtherClassLogprobs.Select(v => new BsonValue(v)));
        }

        if (r.Truncated)
        {
            doc["tr"] = true;
        }

        if (r.PromptTokens != 0)
        {
            doc["pt"] = r.PromptTokens;
        }

        if (r.NotScoredReason is not null)
        {
            doc["ns"] = r.NotScoredReason;
        }

        if (r.PartialCredit is { } partialCredit)
        {
            doc["pc"] = partialCredit;
        }

        return doc;
    }

    public static ExampleResult ToExampleResult(BsonDocument doc)
    {
        var classLogprobs = doc["cl"].AsArray;
        var logprobs = new double[classLogprobs.Count];
        for (var i = 0; i < logprobs.Length; i++)
        {
            logprobs[i] = classLogprobs[i].AsDouble;
        }

        IReadOnlyList<IReadOnlyList<TokenScore>>? classTokens = null;
        if (doc.TryGetValue("ct", out var ct) && ct.IsArray)
        {
            classTokens = ct.AsArray.Select(tokens => (IReadOnlyList<TokenScore>)tokens.AsArray.Select(ToTokenScore).ToArray()).ToArray();
        }

        return new ExampleResult
        {
            Index = doc["i"].AsInt32,
            Loss = doc["l"].AsDouble,
            Correct = doc["c"].AsBoolean,
            Predicted = doc["p"].AsInt32,
            TotalLogprob = doc["t"].AsDouble,
            ClassLogprobs = logprobs,
            OtherClassLogprobs = doc.TryGetValue("ocl", out var ocl) && ocl.IsArray ? [.. ocl.AsArray.Select(v => v.AsDouble)] : [],
            ClassTokens = classTokens,
            Truncated = doc.TryGetValue("tr", out var tr) && tr.AsBoolean,
            PromptTokens = doc.TryGetValue("pt", out var pt) ? pt.AsInt32 : 0,
            NotScoredReason = doc.TryGetValue("ns", out var ns) ? ns.AsString : null,
            PartialCredit = doc.TryGetValue("pc", out var pc) ? pc.AsDouble : null,
        };
    }

    private static BsonValue ToBson(TokenScore t) => new BsonArray(t.Id, t.Text, t.Logprob);

    private static TokenScore ToTokenScore(BsonValue v)
    {
        var a = v.AsArray;
        return new TokenScore(a[0].AsInt32, a[1].AsString, a[2].AsDouble);
    }

    // ---- runs -----------------------------------------------------------------------------------------------

    public static BsonDocument ToDocument(RunRecord run) => new()
    {
        ["_id"] = run.Id,
        ["taskName"] = run.TaskName,
        ["taskSha256"] = run.TaskSha256,
        ["taskType"] = run.TaskType.ToString(),
        ["modelName"] = run.ModelName,
        ["family"] = run.Family,
        ["parameters"] = Bson(run.Parameters),
        ["trainingTokens"] = Bson(run.TrainingTokens),
        ["trainingStep"] = Bson(run.TrainingStep),
        ["shots"] = run.Shots,
        ["seed"] = run.Seed,
        ["source"] = ToDocument(run.Source),
        ["status"] = run.Status.ToString(),
        ["total"] = run.Total,
        ["completed"] = run.Completed,
        ["createdAt"] = run.CreatedAt.UtcDateTime,
        ["updatedAt"] = run.UpdatedAt.UtcDateTime,
        ["aggregate"] = run.Aggregate is null ? BsonValue.Null : ToDocument(run.Aggregate),
        ["error"] = run.Error,
    };

    public static RunRecord ToRunRecord(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        TaskName = doc["taskName"].AsString,
        TaskSha256 = NullableString(doc["taskSha256"]),
        TaskType = Enum.Parse<TaskType>(doc["taskType"].AsString),
        ModelName = doc["modelName"].AsString,
        Family = doc["family"].AsString,
        Parameters = NullableInt64(doc["parameters"]),
        TrainingTokens = NullableInt64(doc["trainingTokens"]),
        TrainingStep = NullableInt64(doc["trainingStep"]),
        Shots = doc["shots"].AsInt32,
        Seed = doc["seed"].AsInt32,
        Source = ToRunSource(doc["source"].AsDocument),
        Status = Enum.Parse<RunStatus>(doc["status"].AsString),
        Total = doc["total"].AsInt32,
        Completed = doc["completed"].AsInt32,
        CreatedAt = ToDateTimeOffset(doc["createdAt"]),
        UpdatedAt = ToDateTimeOffset(doc["updatedAt"]),
        Aggregate = doc["aggregate"].IsDocument ? ToAggregate(doc["aggregate"].AsDocument) : null,
        Error = NullableString(doc["error"]),
    };

    private static BsonDocument ToDocument(RunSource s) => new()
    {
        ["origin"] = s.Origin.ToString(),
        ["file"] = s.File,
        ["format"] = s.Format,
        ["url"] = s.Url,
        ["note"] = s.Note,
        ["perExample"] = s.HasPerExampleResults,
    };

    private static RunSource ToRunSource(BsonDocument doc) => new()
    {
        Origin = Enum.Parse<RunOrigin>(doc["origin"].AsString),
        File = NullableString(doc["file"]),
        Format = NullableString(doc["format"]),
        Url = NullableString(doc["url"]),
        Note = NullableString(doc["note"]),
        HasPerExampleResults = doc["perExample"].AsBoolean,
    };

    private static BsonDocument ToDocument(AggregateMetrics a) => new()
    {
        ["count"] = a.Count,
        ["meanLoss"] = Bson(a.MeanLoss),
        ["lossSem"] = Bson(a.LossSem),
        ["accuracy"] = Bson(a.Accuracy),
        ["accuracySem"] = Bson(a.AccuracySem),
        ["accuracyNorm"] = Bson(a.AccuracyNorm),
        ["accuracyNormSem"] = Bson(a.AccuracyNormSem),
        ["classMass"] = Bson(a.ClassMass),
        ["lossBaseline"] = Bson(a.LossBaseline),
        ["accuracyBaseline"] = Bson(a.AccuracyBaseline),
        ["truncated"] = a.Truncated,
        ["notScored"] = a.NotScored,
    };

    private static AggregateMetrics ToAggregate(BsonDocument doc) => new()
    {
        Count = doc["count"].AsInt32,
        MeanLoss = NullableDouble(doc["meanLoss"]),
        LossSem = NullableDouble(doc["lossSem"]),
        Accuracy = NullableDouble(doc["accuracy"]),
        AccuracySem = NullableDouble(doc["accuracySem"]),
        AccuracyNorm = NullableDouble(doc["accuracyNorm"]),
        AccuracyNormSem = NullableDouble(doc["accuracyNormSem"]),
        ClassMass = NullableDouble(doc["classMass"]),
        LossBaseline = NullableDouble(doc["lossBaseline"]),
        AccuracyBaseline = NullableDouble(doc["accuracyBaseline"]),
        Truncated = doc["truncated"].AsInt32,

        // Absent from runs stored before examples could be left unscored: every one of those was scored.
        NotScored = doc.TryGetValue("notScored", out var notScored) ? notScored.AsInt32 : 0,
    };

    // ---- models -------------------------------------------------------------------------------------------

    public static BsonDocument ToDocument(ModelDescriptor model)
    {
        var m = model.Manifest;
        return new BsonDocument
        {
            ["_id"] = model.ContentHash,
            ["directory"] = model.Directory,
            ["name"] = m.Name,
            ["family"] = m.Family,
            ["parameters"] = m.Parameters,
            ["trainingTokens"] = Bson(m.TrainingTokens),
            ["trainingStep"] = Bson(m.TrainingStep),
            ["onnx"] = m.Onnx,
            ["tokenizer"] = m.Tokenizer,
            ["addBos"] = m.AddBos,
            ["maxContext"] = m.MaxContext,
            ["notes"] = m.Notes,
            ["sources"] = new BsonDocument(model.Sources.ToDictionary(s => s.Key, s => new BsonValue(s.Value))),
        };
    }

    public static ModelDescriptor ToModel(BsonDocument doc) => new()
    {
        ContentHash = doc["_id"].AsString,
        Directory = doc["directory"].AsString,
        Manifest = new ModelManifest
        {
            Name = doc["name"].AsString,
            Family = doc["family"].AsString,
            Parameters = doc["parameters"].AsInt64,
            TrainingTokens = NullableInt64(doc["trainingTokens"]),
            TrainingStep = NullableInt64(doc["trainingStep"]),
            Onnx = doc["onnx"].AsString,
            Tokenizer = doc["tokenizer"].AsString,
            AddBos = doc["addBos"].AsBoolean,
            MaxContext = doc["maxContext"].AsInt32,
            Notes = NullableString(doc["notes"]),
        },
        Sources = doc.TryGetValue("sources", out var sources) && sources.IsDocument
            ? sources.AsDocument.ToDictionary(s => s.Key, s => s.Value.AsString)
            : new Dictionary<string, string>(),
    };

    // ---- datasets ----------------------------------------------------------------------------------------

    public static BsonDocument ToDocument(TaskDataset d) => new()
    {
        ["_id"] = d.Sha256,
        ["name"] = d.Name,
        ["type"] = d.Type.ToString(),
        ["origin"] = d.Origin.ToString(),
        ["sourcePath"] = d.SourcePath,
        ["count"] = d.Examples.Count,
        ["warnings"] = new BsonArray(d.Warnings.Select(w => (BsonValue)new BsonDocument
        {
            ["file"] = w.File,
            ["line"] = w.Line,
            ["severity"] = w.Severity.ToString(),
            ["message"] = w.Message,
        })),
        ["metadataColumns"] = new BsonArray(d.MetadataColumns.Select(c => new BsonValue(c))),
        ["generatedBy"] = d.GeneratedBy,
    };

    public static TaskDataset ToDataset(BsonDocument doc, IReadOnlyList<TaskExample> examples) => new()
    {
        Sha256 = doc["_id"].AsString,
        Name = doc["name"].AsString,
        Type = Enum.Parse<TaskType>(doc["type"].AsString),
        Origin = Enum.Parse<TaskOrigin>(doc["origin"].AsString),
        SourcePath = doc["sourcePath"].AsString,
        Examples = examples,
        Warnings = doc["warnings"].AsArray.Select(v => v.AsDocument).Select(w => new DatasetIssue(
            w["file"].AsString,
            w["line"].AsInt32,
            Enum.Parse<IssueSeverity>(w["severity"].AsString),
            w["message"].AsString)).ToArray(),
        MetadataColumns = doc["metadataColumns"].AsArray.Select(v => v.AsString).ToArray(),
        GeneratedBy = NullableString(doc["generatedBy"]),
    };

    public static BsonDocument ToDocument(string datasetSha256, TaskExample e)
    {
        return new BsonDocument
        {
            ["_id"] = ExampleId(datasetSha256, e.Index),
            ["i"] = e.Index,
            ["line"] = e.Line,
            ["prompt"] = e.Prompt,
            ["other"] = e.OtherPrompt,
            ["classes"] = new BsonArray(e.Classes.Select(c => new BsonValue(c))),
            ["answer"] = e.AnswerIndex,
            ["completion"] = e.Completion,
            ["round"] = Bson(e.Round),
            ["part"] = Bson(e.Part),
            // Stored as an array of pairs, not a sub-document: metadata column names are user text and
            // may contain characters that are not valid BSON field names.
            ["metadata"] = new BsonArray(e.Metadata.Select(kv => (BsonValue)new BsonArray(kv.Key, kv.Value))),
        };
    }

    public static TaskExample ToExample(BsonDocument doc)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in doc["metadata"].AsArray)
        {
            metadata[pair.AsArray[0].AsString] = pair.AsArray[1].AsString;
        }

        return new TaskExample
        {
            Index = doc["i"].AsInt32,
            Line = doc["line"].AsInt32,
            Prompt = doc["prompt"].AsString,
            OtherPrompt = doc.TryGetValue("other", out var other) ? NullableString(other) : null,
            Classes = doc["classes"].AsArray.Select(v => v.AsString).ToArray(),
            AnswerIndex = doc["answer"].AsInt32,
            Completion = NullableString(doc["completion"]),
            Round = NullableInt32(doc["round"]),
            Part = NullableInt32(doc["part"]),
            Metadata = metadata,
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static BsonValue Bson(long? v) => v is { } x ? new BsonValue(x) : BsonValue.Null;

    private static BsonValue Bson(int? v) => v is { } x ? new BsonValue(x) : BsonValue.Null;

    private static BsonValue Bson(double? v) => v is { } x ? new BsonValue(x) : BsonValue.Null;

    private static string? NullableString(BsonValue v) => v.IsNull ? null : v.AsString;

    private static long? NullableInt64(BsonValue v) => v.IsNull ? null : v.AsInt64;

    private static int? NullableInt32(BsonValue v) => v.IsNull ? null : v.AsInt32;

    private static double? NullableDouble(BsonValue v) => v.IsNull ? null : v.AsDouble;

    private static DateTimeOffset ToDateTimeOffset(BsonValue v) =>
        new(DateTime.SpecifyKind(v.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
}
