using System.Collections.Immutable;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// Loads an infra repository: <c>Pulumi.yaml</c>, the stack files under <c>stacks/</c>, and the documents each
/// stack's <c>sources</c> globs match, validated against the document schemas.
/// <para>
/// Contract: every problem in the input is a <see cref="Diagnostic"/> at the exact <c>path:line:column</c>, all
/// collected in one pass and sorted; bad input never throws and never hangs (files over
/// <see cref="MaxFileBytes"/> are not read, aliases and nesting are bounded). Each file is read and parsed once,
/// however many stacks match it. Stacks are ordered by name, a stack's documents by path, then by their order in
/// the file. Files under <c>stacks/</c> and the project file are never a stack's sources. Symbolic links are
/// never followed: a link matched by a glob is a diagnostic (an error when it leads out of the repository).
/// Empty files and empty documents are warnings (<see cref="DiagnosticMessages.EmptyFileCode"/>,
/// <see cref="DiagnosticMessages.EmptyDocumentCode"/>) and are skipped.
/// </para>
/// <para>
/// The result's value is the repository (possibly partial, with documents that had errors left out) whenever
/// the project file was read; callers must not act on it when <see cref="LoadResult{T}.HasErrors"/> is true.
/// Operational failures of the tree itself (the root directory vanished) are the tree's exceptions. Stateless
/// and thread-safe.
/// </para>
/// </summary>
public sealed class RepositoryLoader
{
    /// <summary>Files larger than this (10 MiB) are reported and not read.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The project file's name.</summary>
    public const string ProjectFileName = "Pulumi.yaml";

    /// <summary>The folder of stack files.</summary>
    public const string StacksFolder = "stacks/";

    private const string AlternateProjectFileName = "Pulumi.yml";

    /// <summary>Loads the repository in <paramref name="tree"/>.</summary>
    public async Task<LoadResult<LoadedRepository>> LoadAsync(ISourceTree tree, RepositoryLoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();
        var entries = await tree.ListAsync(cancellationToken).ConfigureAwait(false);

        var project = await LoadProjectAsync(tree, entries, diagnostics, cancellationToken).ConfigureAwait(false);
        var paths = new PropertyPaths();
        var stacks = await LoadStacksAsync(tree, entries, diagnostics, paths, cancellationToken).ConfigureAwait(false);
        CheckStackDependencies(stacks, diagnostics);
        if (options.StackName is { } wanted)
        {
            var selected = stacks.Where(s => s.Definition.Name == wanted).ToList();
            if (selected.Count == 0)
            {
                var known = stacks.Count == 0 ? "none" : string.Join(", ", stacks.Select(s => s.Definition.Name));
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticMessages.StackNotFoundCode,
                    DiagnosticMessages.Format(DiagnosticMessages.StackNotFound, wanted, known),
                    SourceLocation.OfFile(StacksFolder.TrimEnd('/'))));
            }

            stacks = selected;
        }

        var sources = new SourceSet(tree, entries, diagnostics);
        var loaded = ImmutableArray.CreateBuilder<LoadedStack>(stacks.Count);
        foreach (var stack in stacks)
        {
            var documents = await sources.LoadAsync(stack, cancellationToken).ConfigureAwait(false);
            loaded.Add(new LoadedStack(stack.Definition, documents));
        }

        diagnostics.Sort();
        var repository = project is null ? null : new LoadedRepository(project, loaded.MoveToImmutable(), tree.Revision);
        return new LoadResult<LoadedRepository>(repository, [.. diagnostics]);
    }

    private static async Task<InfraProject?> LoadProjectAsync(ISourceTree tree, ImmutableArray<SourceTreeEntry> entries, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var entry = Find(entries, ProjectFileName) ?? Find(entries, AlternateProjectFileName);
        if (entry is null)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.MissingProjectFileCode,
                DiagnosticMessages.Format(DiagnosticMessages.MissingProjectFile, tree.Description),
                SourceLocation.OfFile(ProjectFileName)));
            return null;
        }

        if (entry.IsSymbolicLink)
        {
            SourceSet.ReportSymlink(entry, entry.Path, diagnostics);
            return null;
        }

        var documents = await SourceSet.ParseAsync(tree, entry, diagnostics, cancellationToken).ConfigureAwait(false);
        return documents is null ? null : ProjectReader.Read(entry.Path, documents, diagnostics);
    }

    private static async Task<List<ParsedStack>> LoadStacksAsync(ISourceTree tree, ImmutableArray<SourceTreeEntry> entries, List<Diagnostic> diagnostics, PropertyPaths paths, CancellationToken cancellationToken)
    {
        var stacks = new List<ParsedStack>();
        var byName = new Dictionary<string, ParsedStack>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!IsStackFile(entry.Path))
            {
                continue;
            }

            if (entry.IsSymbolicLink)
            {
                SourceSet.ReportSymlink(entry, StacksFolder, diagnostics);
                continue;
            }

            var documents = await SourceSet.ParseAsync(tree, entry, diagnostics, cancellationToken).ConfigureAwait(false);
            foreach (var document in documents ?? [])
            {
                var stack = StackReader.Read(entry.Path, document.Root, diagnostics, paths);
                if (stack is null)
                {
                    continue;
                }

                if (byName.TryGetValue(stack.Definition.Name, out var first))
                {
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticMessages.DuplicateStackNameCode,
                        DiagnosticMessages.Format(DiagnosticMessages.DuplicateStackName, stack.Definition.Name, first.Definition.LocationOf("metadata.name")),
                        stack.Definition.LocationOf("metadata.name")));
                    continue;
                }

                byName.Add(stack.Definition.Name, stack);
                stacks.Add(stack);
            }
        }

        stacks.Sort((a, b) => string.CompareOrdinal(a.Definition.Name, b.Definition.Name));
        return stacks;
    }

    /// <summary>
    /// Reports <c>reconcile.dependsOn</c> entries that name the stack itself or no stack (GO1045), and every stack on a
    /// cycle of them (GO1046, at its entry that leads around the cycle). Stacks arrive sorted by name.
    /// </summary>
    private static void CheckStackDependencies(List<ParsedStack> stacks, List<Diagnostic> diagnostics)
    {
        var byName = stacks.ToDictionary(s => s.Definition.Name, StringComparer.Ordinal);

        // The stacks there are, for the message: the first few only, so that it does not grow with the repository.
        var known = string.Join(", ", byName.Keys.Take(ShownCycleLength)) + (byName.Count > ShownCycleLength ? $", ... ({byName.Count} stacks)" : string.Empty);
        foreach (var stack in stacks)
        {
            var dependsOn = stack.Definition.Reconcile.DependsOn;
            for (var i = 0; i < dependsOn.Length; i++)
            {
                if (dependsOn[i] == stack.Definition.Name || !byName.ContainsKey(dependsOn[i]))
                {
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticMessages.UnknownStackDependencyCode,
                        DiagnosticMessages.Format(DiagnosticMessages.UnknownStackDependency, stack.Definition.Name, dependsOn[i], known),
                        stack.Definition.LocationOf($"spec.reconcile.dependsOn[{i}]")));
                }
            }
        }

        // Depth-first from each stack in name order, with an explicit stack (no depth of chain can overflow): a
        // dependency met again while still on the path closes a cycle.
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        foreach (var root in stacks)
        {
            if (state.ContainsKey(root.Definition.Name))
            {
                continue;
            }

            var path = new List<(ParsedStack Stack, int Next)> { (root, 0) };
            state[root.Definition.Name] = false;
            while (path.Count > 0)
            {
                var (stack, next) = path[^1];
                var dependsOn = stack.Definition.Reconcile.DependsOn;
                if (next == dependsOn.Length)
                {
                    state[stack.Definition.Name] = true;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                path[^1] = (stack, next + 1);
                if (!byName.TryGetValue(dependsOn[next], out var target) || target == stack)
                {
                    continue;
                }

                if (!state.TryGetValue(target.Definition.Name, out var done))
                {
                    state[target.Definition.Name] = false;
                    path.Add((target, 0));
                }
                else if (!done)
                {
                    ReportCycle(path, target, diagnostics);
                }
            }
        }
    }

    /// <summary>The most stacks a dependency diagnostic names (of a cycle, or of the stacks there are).</summary>
    private const int ShownCycleLength = 8;

    /// <summary>Reports the cycle that <paramref name="target"/> closes on every stack of it.</summary>
    private static void ReportCycle(List<(ParsedStack Stack, int Next)> path, ParsedStack target, List<Diagnostic> diagnostics)
    {
        var start = path.FindIndex(p => p.Stack == target);
        var cycle = path.Skip(start).ToList();
        // A long cycle is shown by its first stacks: every stack on it gets the message, which must not grow with it.
        var names = cycle.Select(p => p.Stack.Definition.Name).ToList();
        var text = names.Count <= ShownCycleLength
            ? string.Join(" -> ", names.Append(target.Definition.Name))
            : string.Join(" -> ", names.Take(ShownCycleLength)) + $" -> ... ({names.Count} stacks in all) -> {target.Definition.Name}";
        foreach (var (stack, next) in cycle)
        {
            // next - 1: the entry this stack followed along the path.
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.StackDependencyCycleCode,
                DiagnosticMessages.Format(DiagnosticMessages.StackDependencyCycle, text),
                stack.Definition.LocationOf($"spec.reconcile.dependsOn[{next - 1}]")));
        }
    }

    internal static bool IsStackFile(string path) =>
        path.StartsWith(StacksFolder, StringComparison.Ordinal)
        && (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal));

    internal static bool IsProjectFile(string path) => path is ProjectFileName or AlternateProjectFileName;

    private static SourceTreeEntry? Find(ImmutableArray<SourceTreeEntry> entries, string path)
    {
        foreach (var entry in entries)
        {
            if (entry.Path == path)
            {
                return entry;
            }
        }

        return null;
    }
}
