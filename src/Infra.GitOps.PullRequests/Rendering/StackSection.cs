using System.Globalization;
using System.Text;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>
/// One stack's collapsible <c>&lt;details&gt;</c> section, made of atomic pieces (a diagnostic, a step with its
/// property diff, the diagram) so that it can be cut to any length at a piece boundary and stay valid Markdown:
/// the code fence and the <c>&lt;details&gt;</c> element are always closed.
/// </summary>
internal sealed class StackSection
{
    private const string Close = "</details>\n\n";
    private const string DiagnosticsHeading = "**Diagnostics**\n\n";
    private const string StepsHeading = "**Changes**\n\n";
    private const string DiagramHeading = "**Changed part of the graph**\n\n";
    private const string NoChanges = "No changes.\n\n";

    private readonly string open;
    private readonly List<string> diagnostics;
    private readonly List<string> steps;
    private readonly string fence;
    private readonly string diagram;
    private readonly string name;
    private readonly long stepsLength;
    private readonly long diagnosticsLength;

    public StackSection(StackPreview stack, string headCommit, PreviewCommentOptions options)
    {
        name = stack.Name;
        open = $"<details><summary><b>{MarkdownText.Inline(stack.Name)}</b>: {SummaryOf(stack)}</summary>\n\n";
        diagnostics = stack.Diagnostics.Select(d => "- " + PreviewCommentRenderer.DiagnosticLine(d, headCommit, options) + "\n").ToList();
        if (stack is FailedStackPreview failed)
        {
            diagnostics.Insert(0, "- **could not plan**: " + MarkdownText.Inline(failed.Reason) + "\n");
        }

        var changed = stack is PlannedStackPreview planned
            ? planned.Steps.Where(s => s.IsChange).ToList()
            : [];
        steps = changed.Select(StepText).ToList();

        // The fence must be longer than any backtick run inside: the longest run of any one step, since a step
        // ends with a newline and so no run spans two steps. (Concatenating them all would cost a large string.)
        fence = MarkdownText.FenceFor(steps.Count == 0 ? string.Empty : steps.MaxBy(step => MarkdownText.LongestRun(step, '`'))!); // steps is not empty
        stepsLength = steps.Sum(step => (long)step.Length);
        diagnosticsLength = diagnostics.Sum(line => (long)line.Length);
        diagram = stack is PlannedStackPreview p && changed.Count > 0
            ? MermaidDiagram.Render(p.Steps, options.MaxDiagramNodes)
            : string.Empty;
    }

    /// <summary>The whole section, nothing cut.</summary>
    public string Full => Compose(diagnostics.Count, steps.Count, includeDiagram: true, note: null);

    /// <summary>The length of <see cref="Full"/>, computed without composing it (large stacks make long sections).</summary>
    public long FullLength =>
        open.Length
        + (diagnostics.Count > 0 ? DiagnosticsHeading.Length + diagnosticsLength + 1 : 0)
        + (steps.Count > 0 ? StepsHeading.Length + FenceOpen.Length + stepsLength + FenceClose.Length : 0)
        + (diagram.Length > 0 ? DiagramHeading.Length + diagram.Length : 0)
        + (diagnostics.Count == 0 && steps.Count == 0 ? NoChanges.Length : 0)
        + Close.Length;

    /// <summary>
    /// The section within <paramref name="limit"/> characters when possible: diagnostics first, then steps, then
    /// the diagram, each whole or not at all, with a note naming what was left out and how to see it.
    /// The result can exceed the limit only when even the empty section with its note does.
    /// </summary>
    public string Render(int limit, out bool cut)
    {
        if (FullLength <= limit)
        {
            cut = false;
            return Full;
        }

        cut = true;
        var length = open.Length + Close.Length + Note(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, diagramLeftOut: true).Length;
        var diagnosticCount = 0;
        if (diagnostics.Count > 0)
        {
            var overhead = DiagnosticsHeading.Length + 1;
            if (length + overhead + diagnostics[0].Length <= limit)
            {
                length += overhead;
                while (diagnosticCount < diagnostics.Count && length + diagnostics[diagnosticCount].Length <= limit)
                {
                    length += diagnostics[diagnosticCount++].Length;
                }
            }
        }

        var stepCount = 0;
        if (steps.Count > 0)
        {
            var overhead = StepsHeading.Length + FenceOpen.Length + FenceClose.Length;
            if (length + overhead + steps[0].Length <= limit)
            {
                length += overhead;
                while (stepCount < steps.Count && length + steps[stepCount].Length <= limit)
                {
                    length += steps[stepCount++].Length;
                }
            }
        }

        var includeDiagram = diagram.Length > 0 && stepCount == steps.Count && length + DiagramHeading.Length + diagram.Length <= limit;
        var note = Note(diagnosticCount, diagnostics.Count, stepCount, steps.Count, diagram.Length > 0 && !includeDiagram);
        return Compose(diagnosticCount, stepCount, includeDiagram, note);
    }

    private string FenceOpen => fence + "diff\n";

    private string FenceClose => fence + "\n\n";

    private string Compose(int diagnosticCount, int stepCount, bool includeDiagram, string? note)
    {
        var builder = new StringBuilder(open);
        if (diagnosticCount > 0)
        {
            builder.Append(DiagnosticsHeading);
            for (var i = 0; i < diagnosticCount; i++)
            {
                builder.Append(diagnostics[i]);
            }

            builder.Append('\n');
        }

        if (stepCount > 0)
        {
            builder.Append(StepsHeading).Append(FenceOpen);
            for (var i = 0; i < stepCount; i++)
            {
                builder.Append(steps[i]);
            }

            builder.Append(FenceClose);
        }

        if (includeDiagram && diagram.Length > 0)
        {
            builder.Append(DiagramHeading).Append(diagram);
        }

        if (diagnostics.Count == 0 && steps.Count == 0)
        {
            builder.Append(NoChanges);
        }

        builder.Append(note).Append(Close);
        return builder.ToString();
    }

    private string Note(int diagnosticsShown, int diagnosticsTotal, int stepsShown, int stepsTotal, bool diagramLeftOut)
    {
        var parts = new List<string>();
        if (stepsShown < stepsTotal)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{stepsTotal - stepsShown:N0} of {stepsTotal:N0} changed resources"));
        }

        if (diagnosticsShown < diagnosticsTotal)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{diagnosticsTotal - diagnosticsShown:N0} of {diagnosticsTotal:N0} diagnostics"));
        }

        if (diagramLeftOut)
        {
            parts.Add("the diagram");
        }

        var what = parts.Count == 0 ? "part of the details" : string.Join(", ", parts);
        return $"> [!NOTE]\n> Cut to fit the comment size limit: {what} not shown. "
            + $"See all of it with `infra-gitops preview --stack {name.Replace("`", string.Empty, StringComparison.Ordinal)}`.\n\n";
    }

    private static string SummaryOf(StackPreview stack) => stack switch
    {
        PlannedStackPreview planned => string.Create(
            CultureInfo.InvariantCulture,
            $"{planned.Counts} ({planned.Counts.Same:N0} unchanged)"),
        InvalidStackPreview invalid => string.Create(
            CultureInfo.InvariantCulture,
            $"invalid ({invalid.Diagnostics.Count(d => d.Severity == Severity.Error):N0} errors)"),
        FailedStackPreview => "could not be planned",
        _ => string.Empty,
    };

    private static string StepText(PreviewStep step)
    {
        var builder = new StringBuilder();
        builder.Append(Symbol(step.Operation)).Append(' ').Append(Verb(step.Operation)).Append(' ')
            .Append(MarkdownText.OneLine(step.Name)).Append(" (").Append(MarkdownText.OneLine(step.Type.Token ?? string.Empty)).Append(')');
        if (step.Protected)
        {
            builder.Append(" [protected]");
        }

        if (step.IsStateful && step.Operation is StepOperation.Delete or StepOperation.Replace)
        {
            builder.Append(" [stateful]");
        }

        builder.Append('\n');
        foreach (var change in step.Changes)
        {
            var (symbol, text) = change.Kind switch
            {
                PropertyChangeKind.Add => ("+", Show(change.New)),
                PropertyChangeKind.Delete => ("-", Show(change.Old)),
                _ => ("~", Show(change.Old) + " => " + Show(change.New)),
            };
            builder.Append(symbol).Append("     ").Append(MarkdownText.OneLine(change.Path)).Append(": ").Append(text);
            if (change.ForcesReplacement)
            {
                builder.Append("  (forces replacement)");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static string Show(PreviewValue? value) => value is null ? "null" : MarkdownText.OneLine(value.Text);

    internal static string Symbol(StepOperation operation) => operation switch
    {
        StepOperation.Create => "+",
        StepOperation.Update => "~",
        StepOperation.Delete => "-",
        StepOperation.Replace => "+-",
        _ => " ",
    };

    private static string Verb(StepOperation operation) => operation switch
    {
        StepOperation.Create => "create",
        StepOperation.Update => "update",
        StepOperation.Delete => "delete",
        StepOperation.Replace => "replace",
        StepOperation.Read => "read",
        StepOperation.Refresh => "refresh",
        _ => "same",
    };
}
