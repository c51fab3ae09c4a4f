using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.GitOps.Model;
using Infra.GitOps.PullRequests.Preview;

namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>
/// Renders a <see cref="PullRequestPreview"/> as a pull-request comment: the hidden marker, a summary (one line
/// per stack with its counts, warnings for deletions and replacements, louder ones for protected or stateful
/// resources), one collapsible section per stack (diagnostics linked to the head commit, each step with its
/// property diff, a Mermaid diagram of the changed part of the graph), and a footer with the commits and time.
/// Invariants: the output is valid Markdown; it is at most <see cref="PreviewCommentOptions.MaxLength"/> long
/// whenever the summary and footer alone fit; the summary is never cut; when details must be cut, the budget is
/// shared fairly between stacks (small sections whole, the rest equal shares) and each cut section says what it
/// left out. Deterministic: the same preview gives the same text. Holds no state: safe from several threads.
/// </summary>
public sealed class PreviewCommentRenderer
{
    private const int MaxNamedDangers = 10;

    /// <summary>Renders the comment.</summary>
    public PreviewComment Render(PullRequestPreview preview, PreviewCommentOptions options)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(options);
        var marker = PreviewMarker.For(preview.StackFilter);
        var head = Header(marker, preview, options);
        var footer = Footer(preview, options);
        var budget = options.MaxLength - head.Length - footer.Length;
        var sections = preview.Stacks.Select(s => new StackSection(s, preview.HeadCommit, options)).ToList();
        var lengths = sections.Select(s => s.FullLength).ToList();
        if (lengths.Sum() <= budget)
        {
            return new PreviewComment(head + string.Concat(sections.Select(s => s.Full)) + footer, marker, ImmutableArray<string>.Empty);
        }

        var allotments = FairShares(lengths.Select(l => (int)Math.Min(l, int.MaxValue)).ToList(), Math.Max(budget, 0));
        var rendered = new string[sections.Count];
        var wasCut = new bool[sections.Count];
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < sections.Count; i++)
            {
                rendered[i] = sections[i].Render(allotments[i], out wasCut[i]);
            }

            // A cut section rarely fills its share exactly (pieces are whole): share what is left among the cut
            // sections and render them again.
            var slack = budget - rendered.Sum(r => r.Length);
            var cutCount = wasCut.Count(c => c);
            if (slack < 64 || cutCount == 0)
            {
                break;
            }

            for (var i = 0; i < sections.Count; i++)
            {
                allotments[i] = wasCut[i] ? rendered[i].Length + (slack / cutCount) : rendered[i].Length;
            }
        }

        var cut = ImmutableArray.CreateBuilder<string>();
        cut.AddRange(Enumerable.Range(0, sections.Count).Where(i => wasCut[i]).Select(i => preview.Stacks[i].Name));
        var body = string.Concat(rendered);
        if (body.Length > budget)
        {
            // Even the shortest sections do not fit (very many stacks): keep the summary, drop every section.
            body = "> [!NOTE]\n> The details of every stack were left out to fit the comment size limit. "
                + "See them with `infra-gitops preview --stack NAME`.\n\n";
            cut.Clear();
            cut.AddRange(preview.Stacks.Select(s => s.Name));
        }

        return new PreviewComment(head + body + footer, marker, cut.ToImmutable());
    }

    /// <summary>
    /// Shares <paramref name="budget"/> between sections of the given lengths: a section smaller than an equal
    /// share gets its length, and what it leaves is shared among the rest (water filling).
    /// </summary>
    internal static int[] FairShares(IReadOnlyList<int> lengths, int budget)
    {
        var result = new int[lengths.Count];
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToList();
        var remaining = budget;
        for (var k = 0; k < order.Count; k++)
        {
            var share = remaining / (order.Count - k);
            var given = Math.Min(lengths[order[k]], share);
            result[order[k]] = given;
            remaining -= given;
        }

        return result;
    }

    /// <summary>A diagnostic as one Markdown line: its location linked to the file at the head commit.</summary>
    internal static string DiagnosticLine(Diagnostic diagnostic, string headCommit, PreviewCommentOptions options)
    {
        var location = diagnostic.Location;
        var line = Math.Max(location.Line, 1);
        var text = string.Create(CultureInfo.InvariantCulture, $"{location.Path}:{line}:{Math.Max(location.Column, 1)}");
        var where = options.RepositoryUrl is { } repository && !string.IsNullOrEmpty(location.Path)
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"[{MarkdownText.Inline(text)}]({RepositoryLink(repository)}/blob/{Uri.EscapeDataString(headCommit)}/{MarkdownText.UrlPath(location.Path)}#L{line})")
            : MarkdownText.Code(text);
        var severity = diagnostic.Severity == Severity.Error ? "**error**" : "warning";
        return $"{where}: {severity} `{MarkdownText.OneLine(diagnostic.Code).Replace("`", string.Empty, StringComparison.Ordinal)}`: {MarkdownText.Inline(diagnostic.Message)}";
    }

    private static string RepositoryLink(Uri repository) => repository.AbsoluteUri.TrimEnd('/');

    private static string Header(string marker, PullRequestPreview preview, PreviewCommentOptions options)
    {
        var builder = new StringBuilder();
        builder.Append(marker).Append('\n');
        builder.Append("### Infra.GitOps preview");
        if (preview.StackFilter is { } filter)
        {
            builder.Append(" of stack ").Append(MarkdownText.Code(filter));
        }

        builder.Append("\n\n");
        if (preview.Stacks.IsEmpty && preview.Diagnostics.IsEmpty)
        {
            builder.Append("No stack is affected by this change.\n\n");
        }

        if (!preview.Stacks.IsEmpty)
        {
            var totals = preview.Totals;
            builder.Append(string.Create(
                CultureInfo.InvariantCulture,
                $"**{preview.Stacks.Length:N0} {(preview.Stacks.Length == 1 ? "stack" : "stacks")} affected**: {totals.Create:N0} to create, {totals.Update:N0} to update, {totals.Delete:N0} to delete, {totals.Replace:N0} to replace.\n\n"));
            builder.Append("| Stack | + create | ~ update | - delete | +- replace | |\n|---|--:|--:|--:|--:|---|\n");
            foreach (var stack in preview.Stacks)
            {
                builder.Append(SummaryRow(stack));
            }

            builder.Append('\n');
        }

        foreach (var stack in preview.Stacks)
        {
            builder.Append(Warning(stack));
        }

        if (!preview.Diagnostics.IsEmpty)
        {
            builder.Append("**The repository could not be loaded at the head commit:**\n\n");
            foreach (var diagnostic in preview.Diagnostics.Take(MaxNamedDangers * 2))
            {
                builder.Append("- ").Append(DiagnosticLine(diagnostic, preview.HeadCommit, options)).Append('\n');
            }

            if (preview.Diagnostics.Length > MaxNamedDangers * 2)
            {
                builder.Append(string.Create(CultureInfo.InvariantCulture, $"- and {preview.Diagnostics.Length - (MaxNamedDangers * 2):N0} more\n"));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static string SummaryRow(StackPreview stack)
    {
        var name = MarkdownText.Code(stack.Name);
        return stack switch
        {
            PlannedStackPreview planned => string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {planned.Counts.Create:N0} | {planned.Counts.Update:N0} | {planned.Counts.Delete:N0} | {planned.Counts.Replace:N0} | {Status(planned)} |\n"),
            InvalidStackPreview invalid => string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | - | - | - | - | :x: {invalid.Diagnostics.Count(d => d.Severity == Severity.Error):N0} validation errors |\n"),
            FailedStackPreview => $"| {name} | - | - | - | - | :x: could not be planned |\n",
            _ => string.Empty,
        };
    }

    private static string Status(PlannedStackPreview stack)
    {
        var counts = stack.Counts;
        if (stack.IsFailure)
        {
            return string.Create(CultureInfo.InvariantCulture, $":x: {stack.Diagnostics.Count(d => d.Severity == Severity.Error):N0} errors: cannot be applied");
        }

        if (stack.Steps.Any(s => s.IsDangerous))
        {
            return ":stop_sign: deletes or replaces protected or stateful resources";
        }

        if (counts.Delete + counts.Replace > 0)
        {
            return ":warning: deletes or replaces resources";
        }

        return counts.Changes == 0 ? "no changes" : ":white_check_mark:";
    }

    private static string Warning(StackPreview stack)
    {
        if (stack is not PlannedStackPreview planned)
        {
            return string.Empty;
        }

        var counts = planned.Counts;
        var name = MarkdownText.Code(stack.Name);
        var dangerous = planned.Steps.Where(s => s.IsDangerous).ToList();
        if (dangerous.Count > 0)
        {
            var builder = new StringBuilder("> [!CAUTION]\n> **");
            builder.Append(string.Create(CultureInfo.InvariantCulture, $"{name} will delete or replace {dangerous.Count:N0} protected or stateful {(dangerous.Count == 1 ? "resource" : "resources")}:** "));
            builder.Append(string.Join(", ", dangerous.Take(MaxNamedDangers).Select(Danger)));
            if (dangerous.Count > MaxNamedDangers)
            {
                builder.Append(string.Create(CultureInfo.InvariantCulture, $" and {dangerous.Count - MaxNamedDangers:N0} more"));
            }

            builder.Append(". Data on them is lost; a protected resource makes the update fail until `protect` is removed.\n\n");
            return builder.ToString();
        }

        if (counts.Delete + counts.Replace > 0)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"> [!WARNING]\n> {name} will delete {counts.Delete:N0} and replace {counts.Replace:N0} {(counts.Delete + counts.Replace == 1 ? "resource" : "resources")}.\n\n");
        }

        return string.Empty;
    }

    private static string Danger(PreviewStep step)
    {
        var flags = new List<string> { step.Operation == StepOperation.Delete ? "delete" : "replace" };
        if (step.Protected)
        {
            flags.Add("protected");
        }

        if (step.IsStateful)
        {
            flags.Add("stateful");
        }

        return $"{MarkdownText.Code(step.Name)} ({MarkdownText.Inline(step.Type.Token ?? string.Empty)}, {string.Join(", ", flags)})";
    }

    private static string Footer(PullRequestPreview preview, PreviewCommentOptions options)
    {
        string Commit(string sha) => options.RepositoryUrl is { } repository
            ? $"[`{Short(sha)}`]({RepositoryLink(repository)}/commit/{Uri.EscapeDataString(sha)})"
            : MarkdownText.Code(Short(sha));
        var time = preview.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"---\n<sub>Base {Commit(preview.BaseCommit)} → head {Commit(preview.HeadCommit)} · {time} UTC · "
            + "planned by infra-gitops against recorded state; no code from the pull request was run.</sub>\n";
    }

    private static string Short(string sha) => MarkdownText.OneLine(sha.Length > 7 ? sha[..7] : sha);
}
