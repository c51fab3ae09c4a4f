namespace Infra.GitOps.Tests.Loading;

/// <summary>Finds this repository's root (the folder holding Infra.GitOps.sln) from the test's directory.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Infra.GitOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Infra.GitOps.sln not found above " + AppContext.BaseDirectory);
    }
}
