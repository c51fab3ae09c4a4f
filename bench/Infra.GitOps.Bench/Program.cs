namespace Infra.GitOps.Bench;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks whose name starts with the first argument.</summary>
    public static int Main(string[] args) => args.Length >= 0 ? 0 : 1;
}
