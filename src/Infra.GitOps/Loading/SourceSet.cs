using System.Collections.Immutable;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// The candidate source files of one load (everything but the project file and <c>stacks/</c>) and the
/// documents read from them so far: each file is read, parsed and validated once, whichever stacks match it,
/// so its diagnostics appear once. Files are parsed concurrently; the instance itself is not thread-safe (one per
/// load, used by one caller at a time).
/// </summary>
internal sealed class SourceSet
{
    private readonly ISourceTree tree;
    private readonly List<Diagnostic> diagnostics;
    private readonly List<(SourceTreeEntry Entry, string[] Segments)> candidates = [];
    private readonly Dictionary<string, List<ResourceDocument>> parsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> reportedLinks = new(StringComparer.Ordinal);

    // Path pools lent to one file at a time (at most one per parallel worker): the files of a load share their
    // paths (spec.subnets[0].cidr) instead of building and keeping them again per file.
    private readonly Stack<PropertyPaths> pathPools = new();

    public SourceSet(ISourceTree tree, ImmutableArray<SourceTreeEntry> entries, List<Diagnostic> diagnostics)
    {
        this.tree = tree;
        this.diagnostics = diagnostics;
        foreach (var entry in entries)
        {
            if (!RepositoryLoader.IsProjectFile(entry.Path) && !entry.Path.StartsWith(RepositoryLoader.StacksFolder, StringComparison.Ordinal))
            {
                candidates.Add((entry, entry.Path.Split('/')));
            }
        }
    }

    /// <summary>The documents of the stack's sources, in path then document order, names checked for
    /// uniqueness.</summary>
    public async Task<ImmutableArray<ResourceDocument>> LoadAsync(ParsedStack stack, CancellationToken cancellationToken)
    {
        var matchedAny = new bool[stack.Globs.Length];
        var matched = new List<SourceTreeEntry>();
        foreach (var (entry, segments) in candidates)
        {
            var match = -1;
            for (var g = 0; g < stack.Globs.Length; g++)
            {
                if (stack.Globs[g].Glob.IsMatch(segments))
                {
                    matchedAny[g] = true;
                    match = match < 0 ? g : match;
                }
            }

            if (match < 0)
            {
                continue;
            }

            if (entry.IsSymbolicLink)
            {
                if (reportedLinks.Add(entry.Path))
                {
                    ReportSymlink(entry, stack.Globs[match].Glob.Text, diagnostics);
                }

                continue;
            }

            matched.Add(entry);
        }

        await ParseNewFilesAsync(matched, cancellationToken).ConfigureAwait(false);

        var documents = ImmutableArray.CreateBuilder<ResourceDocument>();
        var names = new Dictionary<string, ResourceDocument>(StringComparer.Ordinal);
        foreach (var entry in matched)
        {
            foreach (var document in parsed[entry.Path])
            {
                if (names.TryGetValue(document.Name, out var first))
                {
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticMessages.DuplicateDocumentNameCode,
                        DiagnosticMessages.Format(DiagnosticMessages.DuplicateDocumentName, document.Name, stack.Definition.Name, first.LocationOf("metadata.name")),
                        document.LocationOf("metadata.name")));
                    continue;
                }

                names.Add(document.Name, document);
                documents.Add(document);
            }
        }

        for (var g = 0; g < matchedAny.Length; g++)
        {
            if (!matchedAny[g])
            {
                diagnostics.Add(Diagnostic.Warning(
                    DiagnosticMessages.GlobMatchesNothingCode,
                    DiagnosticMessages.Format(DiagnosticMessages.GlobMatchesNothing, stack.Globs[g].Glob.Text),
                    stack.Globs[g].Location));
            }
        }

        return documents.ToImmutable();
    }

    /// <summary>
    /// Reads, parses and validates the files not seen yet, several at once (files are independent; each has its
    /// own diagnostics list, merged afterwards in path order, and a path pool of its own while it is read, so the
    /// result does not depend on scheduling).
    /// </summary>
    private async Task ParseNewFilesAsync(List<SourceTreeEntry> matched, CancellationToken cancellationToken)
    {
        var pending = new List<SourceTreeEntry>();
        foreach (var entry in matched)
        {
            if (!parsed.ContainsKey(entry.Path))
            {
                pending.Add(entry);
            }
        }

        var results = new (List<ResourceDocument> Documents, List<Diagnostic> Diagnostics)[pending.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, pending.Count, options, async (i, token) =>
        {
            var fileDiagnostics = new List<Diagnostic>();
            var fileDocuments = new List<ResourceDocument>();
            var documents = await ParseAsync(tree, pending[i], fileDiagnostics, token).ConfigureAwait(false) ?? [];
            PropertyPaths? filePaths;
            lock (pathPools)
            {
                filePaths = pathPools.Count > 0 ? pathPools.Pop() : new PropertyPaths();
            }

            foreach (var document in documents)
            {
                if (DocumentReader.Read(pending[i].Path, document.Root, fileDiagnostics, filePaths) is { } resource)
                {
                    fileDocuments.Add(resource);
                }
            }

            lock (pathPools)
            {
                pathPools.Push(filePaths);
            }

            results[i] = (fileDocuments, fileDiagnostics);
        }).ConfigureAwait(false);

        for (var i = 0; i < pending.Count; i++)
        {
            parsed.Add(pending[i].Path, results[i].Documents);
            diagnostics.AddRange(results[i].Diagnostics);
        }
    }

    /// <summary>Reads, checks and parses one file; null when it could not be read or decoded (reported).</summary>
    public static async Task<List<YamlDocumentNode>?> ParseAsync(ISourceTree tree, SourceTreeEntry entry, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var location = SourceLocation.OfFile(entry.Path);
        if (entry.Length > RepositoryLoader.MaxFileBytes)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.FileTooLargeCode, DiagnosticMessages.Format(DiagnosticMessages.FileTooLarge, entry.Length, RepositoryLoader.MaxFileBytes), location));
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await tree.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.FileUnreadableCode, DiagnosticMessages.Format(DiagnosticMessages.FileUnreadable, exception.Message), location));
            return null;
        }

        if (bytes.LongLength > RepositoryLoader.MaxFileBytes)
        {
            // The file grew between listing and reading.
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.FileTooLargeCode, DiagnosticMessages.Format(DiagnosticMessages.FileTooLarge, bytes.LongLength, RepositoryLoader.MaxFileBytes), location));
            return null;
        }

        var text = SourceDecoder.Decode(entry.Path, bytes, diagnostics);
        return text is null ? null : YamlFileParser.Parse(entry.Path, text, diagnostics, cancellationToken);
    }

    /// <summary>Reports a symbolic link met where a file was expected: an error when its target leaves the
    /// repository, else a warning. The link is never followed either way.</summary>
    public static void ReportSymlink(SourceTreeEntry entry, string matchedBy, List<Diagnostic> diagnostics)
    {
        var target = entry.LinkTarget ?? string.Empty;
        var location = SourceLocation.OfFile(entry.Path);
        if (LeavesRepository(entry.Path, target))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.SymlinkOutsideRepositoryCode, DiagnosticMessages.Format(DiagnosticMessages.SymlinkOutsideRepository, target, matchedBy), location));
        }
        else
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticMessages.SymlinkNotFollowedCode, DiagnosticMessages.Format(DiagnosticMessages.SymlinkNotFollowed, target, matchedBy), location));
        }
    }

    private static bool LeavesRepository(string linkPath, string target)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(target))
        {
            return true;
        }

        // Resolve the target against the link's folder, lexically: any step above the root leaves it.
        var depth = linkPath.Count(c => c == '/');
        foreach (var segment in target.Split('/'))
        {
            if (segment == "..")
            {
                if (--depth < 0)
                {
                    return true;
                }
            }
            else if (segment is not ("" or "."))
            {
                depth++;
            }
        }

        return false;
    }
}
