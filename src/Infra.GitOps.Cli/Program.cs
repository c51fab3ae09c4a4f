namespace Infra.GitOps.Cli;

/// <summary>The <c>infra-gitops</c> entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: infra-gitops <command>");
        return args.Length == 0 ? 2 : 2;
    }
}
