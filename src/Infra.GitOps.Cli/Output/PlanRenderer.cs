using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Model;
using Spectre.Console;

namespace Infra.GitOps.Cli;

/// <summary>
/// Renders plans and apply results for people: one line per changing step with Pulumi's prefixes
/// (<c>+ ~ - +-</c>), its property diff indented beneath, then the change summary. Colours on a terminal, plain
/// text otherwise. Secrets print as <c>[secret]</c> (the values' own <c>ToString</c>), unknowns as
/// "(known after apply)".
/// </summary>
public static class PlanRenderer
{
    /// <summary>Writes the plan.</summary>
    public static void Write(CliConsole console, Plan plan, bool showSame)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(plan);
        console.WriteLine($"Previewing stack {plan.Project}/{plan.Stack}:");
        foreach (var step in plan.Steps)
        {
            if (step.Operation == StepOperation.Same && !showSame)
            {
                continue;
            }

            WriteStep(console, step, null);
        }

        WriteSummary(console, plan.ChangeSummary);
    }

    /// <summary>Writes what an apply did: each step's outcome, then the summary.</summary>
    public static void Write(CliConsole console, ApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var stepResult in result.Results)
        {
            if (stepResult.Step.Operation == StepOperation.Same)
            {
                continue;
            }

            var outcome = stepResult switch
            {
                StepSucceeded succeeded => succeeded.Attempts > 1 ? $"done after {succeeded.Attempts} attempts" : "done",
                StepFailed failed => $"FAILED: {failed.Error.Message}",
                StepSkipped skipped => $"skipped: {skipped.Reason}",
                _ => "unknown",
            };
            WriteStepLine(console, stepResult.Step, outcome, stepResult is StepFailed ? "red" : null);
        }

        WriteOutcome(console, result);
    }

    /// <summary>Writes the one-line outcome of an apply: succeeded, failed or cancelled, its duration, and how many steps failed or were skipped.</summary>
    public static void WriteOutcome(CliConsole console, ApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var failedCount = result.Failures.Count();
        var skippedCount = result.Skipped.Count();
        console.WriteLine(
            $"Apply {(result.Succeeded ? "succeeded" : result.Cancelled ? "was cancelled" : "failed")} in {result.Duration.TotalSeconds:0.0}s"
            + (failedCount + skippedCount > 0 ? $" ({failedCount} failed, {skippedCount} skipped)" : string.Empty));
    }

    /// <summary>Writes the change summary line.</summary>
    public static void WriteSummary(CliConsole console, ChangeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        var parts = new List<string>();
        Add(StepOperation.Create, "to create");
        Add(StepOperation.Update, "to update");
        Add(StepOperation.Replace, "to replace");
        Add(StepOperation.Delete, "to delete");
        Add(StepOperation.Refresh, "drifted");
        var same = summary[StepOperation.Same];
        console.WriteLine(parts.Count == 0
            ? $"Resources: no changes ({same} unchanged)"
            : $"Resources: {string.Join(", ", parts)}; {same} unchanged");

        void Add(StepOperation operation, string label)
        {
            if (summary[operation] > 0)
            {
                parts.Add($"{operation.Prefix().Trim()} {summary[operation]} {label}");
            }
        }
    }

    private static void WriteStep(CliConsole console, PlannedStep step, string? outcome)
    {
        WriteStepLine(console, step, outcome, null);
        foreach (var change in step.Diff)
        {
            var line = $"        {change.Path}: {Show(change.Old)} => {Show(change.New)}";
            WriteColoured(console, line, null);
        }

        if (!step.ReplaceReasons.IsEmpty)
        {
            WriteColoured(console, $"        (replace because of: {string.Join(", ", step.ReplaceReasons)})", null);
        }
    }

    private static void WriteStepLine(CliConsole console, PlannedStep step, string? outcome, string? colourOverride)
    {
        var line = $"  {step.Operation.Prefix()} {step.Type.Token} {step.Urn.Name}" + (outcome is null ? string.Empty : $"  {outcome}");
        WriteColoured(console, line, colourOverride ?? Colour(step.Operation));
    }

    private static void WriteColoured(CliConsole console, string line, string? colour)
    {
        if (console.IsRich && colour is not null)
        {
            console.Ansi.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
        }
        else
        {
            console.WriteLine(line);
        }
    }

    private static string? Colour(StepOperation operation) => operation switch
    {
        StepOperation.Create or StepOperation.CreateReplacement => "green",
        StepOperation.Update or StepOperation.Refresh => "yellow",
        StepOperation.Delete or StepOperation.DeleteReplaced => "red",
        StepOperation.Replace => "magenta",
        _ => null,
    };

    private static string Show(PropertyValue? value) => value switch
    {
        null => "<none>",
        StringValue s => $"\"{s.Value}\"",
        _ => value.ToString() ?? string.Empty,
    };
}
