using Spectre.Console;
using TorchAe.Training;

namespace TorchAe.Runs;

/// <summary>Renders training for a person: a live Spectre.Console progress display on a terminal, or — when stdout is
/// not a terminal (CI, pipes), where Spectre's bars print nothing — one plain line per stage and about ten per stage
/// while it runs. <c>--quiet</c> prints nothing here (only the final summary is printed by the command).</summary>
public sealed class ConsoleProgress : IMetricsSink
{
    readonly TextWriter output;
    readonly bool quiet;
    ProgressContext? live;
    ProgressTask? task;
    int planned;

    public ConsoleProgress(TextWriter output, bool quiet)
    {
        this.output = output;
        this.quiet = quiet;
    }

    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> inside a live progress display when interactive, plainly otherwise.</summary>
    public void Run(Action work)
    {
        if (quiet || !IsInteractive) { work(); return; }
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => { live = context; try { work(); } finally { live = null; } });
    }

    public void StageStarted(string stage, int layer, int epochs)
    {
        planned = epochs;
        if (quiet) return;
        var name = Stage.Describe(stage, layer);
        if (live is not null)
        {
            if (task is not null && !task.IsFinished) task.StopTask();
            task = live.AddTask(name, maxValue: epochs);
        }
        else output.WriteLine($"[{name}] up to {epochs} epochs");
    }

    public void Epoch(EpochMetrics m)
    {
        if (quiet) return;
        if (task is not null)
        {
            task.Value = m.Epoch;
            task.Description = $"{Label(m)} loss {m.Loss:G5}";
            return;
        }
        int every = Math.Max(1, planned / 10);
        if (m.Epoch % every == 0 || m.Epoch == 1 || m.Epoch == planned)
            output.WriteLine($"  {Label(m)} epoch {m.Epoch,4}  loss {m.Loss:G6}" + Extras(m) + $"  {m.Seconds:F1}s");
    }

    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units)
    {
        if (task is not null) { task.Value = task.MaxValue; task.StopTask(); }
        if (!quiet && live is null)
            output.WriteLine($"  layer {layer}: mean ρ̂ {units.Average(u => u.RhoHat):F4} over {units.Count} units");
    }

    public void Notice(string message)
    {
        if (quiet) return;
        if (live is not null) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
        else output.WriteLine($"  note: {message}");
    }

    static string Label(EpochMetrics m) => Stage.Describe(m.Stage, m.Layer);

    static string Extras(EpochMetrics m) =>
        (m.RhoHatMean is { } r ? $"  ρ̂ {r:F4}" : "")
        + (m.TrainAccuracy is { } a ? $"  train {a:P1}" : "")
        + (m.ValidationAccuracy is { } v ? $"  val {v:P1}" : "");
}
