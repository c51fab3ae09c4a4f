namespace Infra.GitOps.Bench;

/// <summary>A benchmark: runs its measurements (side by side, in one run) and returns its figures.</summary>
public interface IBenchmark
{
    /// <summary>The benchmark's name; figure names start with it (<c>load.vs-parse</c>).</summary>
    string Name { get; }

    /// <summary>Runs the measurements.</summary>
    Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken);
}
