using System.Globalization;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Spectre.Console;

namespace Infra.GitOps.Cli;

/// <summary>
/// Live progress of an apply, one entry per changing step (unchanged resources are not shown), as Pulumi's
/// update display: on a terminal a Spectre.Console live table whose rows appear as steps start and show their
/// outcome and elapsed time as they end (running steps' times tick); otherwise (redirected output, <c>CI</c> set)
/// one plain line when a step starts and one when it ends, with its elapsed time, so logs stay greppable.
/// Thread-safe: the engine calls it from the threads that run the steps.
/// </summary>
public sealed class ApplyProgress : IApplyObserver
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly CliConsole _console;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly Dictionary<int, (int Row, long Started)> _running = [];
    private Table? _table;
    private LiveDisplayContext? _live;

    /// <summary>Creates the display for <paramref name="console"/>; running steps' times on a terminal come from <paramref name="timeProvider"/>.</summary>
    public ApplyProgress(CliConsole console, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _console = console;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (which applies with this observer) inside the live display on a terminal,
    /// or as is in plain mode, and returns its result. The final state of the table stays on screen.
    /// <paramref name="cancellationToken"/> stops only the ticking of running steps' times; the operation has its own.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_console.IsRich)
        {
            return await operation();
        }

        var table = new Table().Border(TableBorder.None).HideHeaders()
            .AddColumn("step").AddColumn("status").AddColumn(new TableColumn("time").RightAligned());
        T result = default!; // set by the live callback before StartAsync returns
        await _console.Ansi.Live(table)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(async context =>
            {
                lock (_gate)
                {
                    _table = table;
                    _live = context;
                }

                var running = operation();
                while (!cancellationToken.IsCancellationRequested
                    && await Task.WhenAny(running, Task.Delay(Tick, _timeProvider, CancellationToken.None)) != running)
                {
                    lock (_gate)
                    {
                        foreach (var (row, started) in _running.Values)
                        {
                            table.UpdateCell(row, 2, new Text(Elapsed(_timeProvider.GetElapsedTime(started))));
                        }

                        context.Refresh();
                    }
                }

                result = await running;
                lock (_gate)
                {
                    _live = null;
                    context.Refresh();
                }
            });
        return result;
    }

    /// <inheritdoc />
    public void StepStarted(PlannedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Operation == StepOperation.Same)
        {
            return;
        }

        lock (_gate)
        {
            if (_table is { } table)
            {
                table.AddRow(new Markup(Markup.Escape(Describe(step))), new Markup($"[yellow]{Markup.Escape(Verbs(step.Operation).Doing)}[/]"), new Text(string.Empty));
                _running[step.Index] = (table.Rows.Count - 1, _timeProvider.GetTimestamp());
                _live?.Refresh();
            }
            else
            {
                _console.WriteLine($"{Describe(step)}  {Verbs(step.Operation).Doing}");
            }
        }
    }

    /// <inheritdoc />
    public void StepFinished(StepResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        var step = result.Step;
        if (step.Operation == StepOperation.Same)
        {
            return;
        }

        var outcome = result switch
        {
            StepSucceeded { Attempts: > 1 } succeeded => $"{Verbs(step.Operation).Done} after {succeeded.Attempts} attempts",
            StepSucceeded => Verbs(step.Operation).Done,
            StepFailed failed => $"failed: {failed.Error.Message}",
            StepSkipped skipped => $"skipped: {skipped.Reason}",
            _ => "unknown",
        };
        lock (_gate)
        {
            if (_table is { } table)
            {
                var colour = result switch { StepSucceeded => "green", StepFailed => "red", _ => "grey" };
                var status = new Markup($"[{colour}]{Markup.Escape(outcome)}[/]");
                var time = new Text(result is StepSkipped ? string.Empty : Elapsed(elapsed));
                if (_running.Remove(step.Index, out var entry))
                {
                    table.UpdateCell(entry.Row, 1, status);
                    table.UpdateCell(entry.Row, 2, time);
                }
                else
                {
                    table.AddRow(new Markup(Markup.Escape(Describe(step))), status, time);
                }

                _live?.Refresh();
            }
            else
            {
                _console.WriteLine(result is StepSkipped
                    ? $"{Describe(step)}  {outcome}"
                    : $"{Describe(step)}  {outcome} ({Elapsed(elapsed)})");
            }
        }
    }

    /// <summary>Seconds with one decimal under a minute (<c>2.5s</c>), minutes and seconds above (<c>1m05s</c>).</summary>
    public static string Elapsed(TimeSpan elapsed) => elapsed < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s");

    private static string Describe(PlannedStep step) => $"  {step.Operation.Prefix()} {step.Type.Token} {step.Urn.Name}";

    private static (string Doing, string Done) Verbs(StepOperation operation) => operation switch
    {
        StepOperation.Create => ("creating", "created"),
        StepOperation.Update => ("updating", "updated"),
        StepOperation.Replace => ("replacing", "replaced"),
        StepOperation.CreateReplacement => ("creating replacement", "created replacement"),
        StepOperation.DeleteReplaced => ("deleting original", "deleted original"),
        StepOperation.Delete => ("deleting", "deleted"),
        StepOperation.Read => ("reading", "read"),
        StepOperation.Refresh => ("refreshing", "refreshed"),
        _ => ("running", "done"),
    };
}
