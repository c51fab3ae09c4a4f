using System.Collections.Immutable;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// The candidate source files of one load (everything but the project file and <c>stacks/</c>) and the
/// documents read from them so far: each file is read, parsed and validated once, whichever stacks match it,
/// so its diagnostics appear once. Not thread-safe; one per load.
/// </summary>
internal sealed class SourceSet
{
    private readonly ISourceTree tree;
    private readonly List<Diagnostic> diagnostics;
    private readonly List<(SourceTreeEntry Entry, string[] Segments)> candidates = [];
    private readonly Dictionary<string, List<ResourceDocument>> parsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> reportedLinks = new(StringComparer.Ordinal);

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
        var documents = ImmutableArray.CreateBuilder<ResourceDocument>();
        var names = new Dictionary<string, ResourceDocument>(StringComparer.Ordinal);
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

            if (!parsed.TryGetValue(entry.Path, out var fileDocuments))
            {
                fileDocuments = [];
                foreach (var document in await ParseAsync(tree, entry, diagnostics, cancellationToken).ConfigureAwait(false) ?? [])
                {
                    if (DocumentReader.Read(entry.Path, document.Root, diagnostics) is { } resource)
                    {
                        fileDocuments.Add(resource);
                    }
                }

                parsed.Add(entry.Path, fileDocuments);
            }

            foreach (var document in fileDocuments)
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
