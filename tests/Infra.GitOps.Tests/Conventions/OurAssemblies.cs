using System.Reflection;

namespace Infra.GitOps.Tests.Conventions;

/// <summary>The shipped assemblies (every src project), found in the test's output folder.</summary>
internal static class OurAssemblies
{
    private static readonly Lazy<IReadOnlyList<Assembly>> All = new(Load);

    public static IReadOnlyList<Assembly> Shipped => All.Value;

    public static string NameOf(Assembly assembly) => assembly.GetName().Name!; // every loaded assembly has a name

    private static List<Assembly> Load()
    {
        var directory = AppContext.BaseDirectory;
        return Directory.EnumerateFiles(directory, "Infra.GitOps*.dll")
            .Append(Path.Combine(directory, "infra-gitops.dll"))
            .Where(File.Exists)
            .Select(path => Assembly.LoadFrom(path))
            .Where(a => !NameOf(a).EndsWith("Tests", StringComparison.Ordinal) && !NameOf(a).EndsWith(".Bench", StringComparison.Ordinal))
            .OrderBy(NameOf, StringComparer.Ordinal)
            .ToList();
    }
}
