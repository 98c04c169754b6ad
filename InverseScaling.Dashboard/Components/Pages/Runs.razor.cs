using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Runs : IDisposable
{
    private IReadOnlyList<ModelDescriptor> _models = [];
    private IReadOnlyList<TaskDataset> _datasets = [];
    private IReadOnlyList<RunJob> _jobs = [];
    private IReadOnlyList<RunRecord> _stored = [];
    private IReadOnlyList<RunRecord> _shown = [];
    private int _storedShown = 200;
    private string? _search;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private string? _editModel;
    private string? _editFamily;
    private string? _editParameters;
    private string? _editError;
    private IReadOnlyList<string> _selectedModels = [];
    private IReadOnlyList<string> _selectedTasks = [];
    private int _shots;
    private int _seed;
    private string? _importTask;
    private string? _importModel;
    private long? _importParams;
    private string? _importFamily;
    private string? _importPath;
    private bool _importing;
    private string? _importMessage;
    private bool _importFailed;
    private bool _importResultsOnly;
    private string? _generatorSpec;
    private int _generatorSeed;
    private bool _generating;
    private string? _generateMessage;
    private bool _generateFailed;
    private ScalingView? _liveView;
    private PlotlyFigure? _liveFigure;
    private RefreshThrottle? _refresh;

    [Inject]
    public required IResultsStore Store { get; init; }

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required RunManager Manager { get; init; }

    [Inject]
    public required RunCoordinator Coordinator { get; init; }

    [Inject]
    public required ResultsImportService ImportService { get; init; }

    [Inject]
    public required TaskGenerationService Generator { get; init; }

    [Inject]
    public required ChartPalette Palette { get; init; }

    [CascadingParameter]
    public ChartStyle Style { get; set; } = ChartStyle.Default;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Task)]
    public string? Task { get; set; }

    protected override void OnInitialized()
    {
        _refresh = new RefreshThrottle(() => InvokeAsync(() => { Load(); StateHasChanged(); }), TimeSpan.FromMilliseconds(400));
        Coordinator.Changed += OnChanged;
        Catalog.RunChanged += OnRunChanged;
        LoadModels();
        _datasets = Store.GetDatasets().OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (Task is not null && _datasets.Any(d => d.Name == Task))
        {
            _selectedTasks = [Task];
        }
    }

    protected override void OnParametersSet() => Load();

    private void LoadModels() => _models = Store.GetModels().OrderBy(m => m.Manifest.Family).ThenBy(m => m.Manifest.Parameters).ToList();

    private void Load()
    {
        _jobs = Coordinator.Jobs.Reverse().ToList();
        _stored = Catalog.Runs()
            .OrderByDescending(r => r.Source.Origin == RunOrigin.Local)
            .ThenBy(r => r.TaskName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Parameters ?? 0)
            .ThenBy(r => r.TrainingStep ?? 0)
            .ToList();
        _shown = _stored.Where(r => RunEdit.Matches(r, _search)).ToList();
        // A selection only ever names runs that still exist.
        _selected.IntersectWith(_stored.Select(r => r.Id));

        // The live chart follows the most recent job: its family's curve on its task, partial points included.
        var focus = _jobs.FirstOrDefault(j => j.IsActive) ?? (_jobs is [var first, ..] ? first : null);
        if (focus is null)
        {
            (_liveView, _liveFigure) = (null, null);
            return;
        }

        var runs = Catalog.Runs(focus.Task.Name);
        var others = runs.Select(r => r.Family).Where(f => f != focus.Model.Manifest.Family).Distinct().ToList();
        _liveView = ScalingView.Build(
            focus.Task.Name, runs, new ScalingRequest { Shots = focus.Settings.Shots, HiddenFamilies = others }, Coordinator.LiveAggregates, _ => null);
        _liveFigure = ScalingFigure.Build(_liveView, Palette, Style);
    }

    private void Start()
    {
        var settings = new ScoringSettings { Shots = _shots, Seed = _shots == 0 ? 0 : _seed };
        foreach (var task in _datasets.Where(d => _selectedTasks.Contains(d.Name)))
        {
            // Smallest model first, so the curve fills in from the left.
            foreach (var model in _models.Where(m => _selectedModels.Contains(m.Name)).OrderBy(m => m.Manifest.Parameters))
            {
                Coordinator.Enqueue(task, model, settings);
            }
        }

        Load();
    }

    private async Task GenerateAsync()
    {
        _generating = true;
        var outcome = await Generator.GenerateAsync(_generatorSpec!, _generatorSeed);
        _generating = false;
        _generateFailed = outcome.Dataset is null;
        if (outcome.Dataset is { } dataset)
        {
            _datasets = Store.GetDatasets().OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();
            _selectedTasks = [dataset.Name];
            _generateMessage = $"Generated \"{dataset.Name}\" ({dataset.Examples.Count:N0} examples, seed {_generatorSeed}); it is selected for scoring. "
                + "Generated tasks are labelled as such everywhere, never with an official name.";
        }
        else
        {
            _generateMessage = outcome.Error;
        }
    }

    private static string JobText(RunJob job) => job.State switch
    {
        RunJobState.Queued => "queued",
        RunJobState.Running => $"{job.Completed.ToString("N0", CultureInfo.InvariantCulture)} / {job.Total.ToString("N0", CultureInfo.InvariantCulture)}"
            + (job.TokensPerSecond > 0 ? $" · {job.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture)} tokens/s" : ""),
        RunJobState.Done => job.FromCache ? "done (from the cache)" : $"done: {job.Completed.ToString("N0", CultureInfo.InvariantCulture)} examples",
        RunJobState.Cancelled => $"cancelled at {job.Completed.ToString("N0", CultureInfo.InvariantCulture)} (resumes from there next time)",
        RunJobState.Failed => "failed: " + job.Error,
        _ => job.State.ToString(),
    };

    private ImportOptions ImportOptions() => new()
    {
        TaskName = string.IsNullOrWhiteSpace(_importTask) ? null : _importTask.Trim(),
        ModelName = string.IsNullOrWhiteSpace(_importModel) ? null : _importModel.Trim(),
        Parameters = _importParams,
        ResultsOnly = _importResultsOnly,
        Family = string.IsNullOrWhiteSpace(_importFamily) ? null : _importFamily.Trim(),
    };

    private async Task ImportPathAsync()
    {
        _importing = true;
        ShowOutcome(await ImportService.ImportPathAsync(_importPath!, ImportOptions()));
    }

    private async Task ImportUploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _importing = true;
        StateHasChanged();
        try
        {
            await using var stream = file.OpenReadStream(ImportService.MaxUploadBytes);
            ShowOutcome(await ImportService.ImportUploadAsync(file.Name, stream, ImportOptions(), CancellationToken.None));
        }
        catch (IOException ex)
        {
            ShowOutcome(new ImportOutcome([], $"{file.Name}: {ex.Message}"));
        }
    }

    private void ShowOutcome(ImportOutcome outcome)
    {
        _importing = false;
        _importFailed = !outcome.Succeeded;
        _importMessage = outcome switch
        {
            { Succeeded: false } => ImportFormTerms.Rewrite(outcome.Error!),
            { Folder: { } folder } => FolderImportText.Summary(folder, outcome.FolderShownAs),
            _ => $"Imported {outcome.Runs.Count} run{(outcome.Runs.Count == 1 ? "" : "s")}: " + string.Join(", ", outcome.Runs.Select(r => $"{r.TaskName} × {r.ModelName}")),
        };
        Load();
    }

    private void OnSearchChanged(string? search)
    {
        _search = search;
        Load();
    }

    private void Select(RunRecord run, bool selected)
    {
        if (selected)
        {
            _selected.Add(run.Id);
        }
        else
        {
            _selected.Remove(run.Id);
        }
    }

    private void SelectShown(bool selected)
    {
        foreach (var run in _shown)
        {
            Select(run, selected);
        }
    }

    private IReadOnlyList<RunRecord> SelectedRuns() => _stored.Where(r => _selected.Contains(r.Id)).ToList();

    private void SetHidden(bool hidden)
    {
        Manager.SetHidden(SelectedRuns(), hidden);
        Load();
    }

    private void DeleteSelected()
    {
        Manager.Delete(SelectedRuns());
        _selected.Clear();
        Load();
    }

    private void UndoDelete()
    {
        Manager.UndoDelete();
        Load();
    }

    private void ApplyEdit()
    {
        var edit = RunEdit.Parse(_editModel, _editFamily, _editParameters, out _editError);
        if (edit is null || edit.IsEmpty)
        {
            _editError ??= "Fill in at least one of model name, family and parameters.";
            return;
        }

        Manager.Edit(SelectedRuns(), edit);
        (_editModel, _editFamily, _editParameters) = (null, null, null);
        Load();
    }

    private void OnChanged() => _refresh?.Request();

    private void OnRunChanged(RunRecord run) => _refresh?.Request();

    public void Dispose()
    {
        Coordinator.Changed -= OnChanged;
        Catalog.RunChanged -= OnRunChanged;
        _refresh?.Dispose();
    }
}
