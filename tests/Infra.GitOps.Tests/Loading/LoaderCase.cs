using System.Collections.Immutable;

namespace Infra.GitOps.Tests.Loading;

/// <summary>A named malformed or hostile input: the files of a repository and the diagnostics expected, each as
/// <c>CODE@path:line:column</c>.</summary>
public sealed record LoaderCase(string Name, ImmutableDictionary<string, string> Files, ImmutableArray<string> Expected)
{
    public const string Project = "name: test\n";

    public const string Stack = """
        apiVersion: infra.gitops/v1
        kind: Stack
        metadata:
          name: dev
        spec:
          sources: ["infra/**/*.yaml"]

        """;

    /// <summary>A repository with the default project and stack, plus <paramref name="files"/>.</summary>
    public static LoaderCase Of(string name, IEnumerable<(string Path, string Text)> files, params string[] expected)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Pulumi.yaml"] = Project,
            ["stacks/dev.yaml"] = Stack,
        };
        foreach (var (path, text) in files)
        {
            if (text.Length == 0 && path.EndsWith('!'))
            {
                all.Remove(path.TrimEnd('!'));
            }
            else
            {
                all[path] = text;
            }
        }

        return new LoaderCase(name, all.ToImmutableDictionary(StringComparer.Ordinal), [.. expected]);
    }

    /// <summary>A repository whose single source file is <c>infra/a.yaml</c>.</summary>
    public static LoaderCase Source(string name, string text, params string[] expected) =>
        Of(name, [("infra/a.yaml", text)], expected);

    public override string ToString() => Name;
}
