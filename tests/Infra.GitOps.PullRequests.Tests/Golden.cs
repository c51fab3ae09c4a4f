using System.Runtime.CompilerServices;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests;

/// <summary>Golden files in testdata/: compare, or rewrite them when UPDATE_GOLDEN=1.</summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string caller = "")
    {
        var directory = FindTestData(caller);
        var path = Path.Combine(directory, name + ".expected.md");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Pass($"rewrote {path}");
        }

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: run the tests with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.That(actual, Is.EqualTo(expected), $"differs from {path}; if the change is intended, run with UPDATE_GOLDEN=1");
    }

    private static string FindTestData(string caller)
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Infra.GitOps.PullRequests.Tests.csproj")))
            {
                return Path.Combine(directory, "testdata");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "testdata");
    }
}
