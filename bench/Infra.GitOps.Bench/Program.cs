using System.Reflection;

namespace Infra.GitOps.Bench;

/// <summary>
/// Runs the benchmarks whose name starts with the first argument (all when none is given) and prints one
/// line per figure: <c>NAME: VALUE UNIT (target OP VALUE UNIT) ok|MISSED</c>. Benchmarks are found by
/// reflection: every public class implementing <see cref="IBenchmark"/> with a parameterless constructor.
/// Exit code: 0 when every figure met its target, 1 when one missed, 2 for an unknown name.
/// </summary>
public static class Program
{
    /// <summary>The hidden first argument that makes this process compile one repository and report its peak memory.</summary>
    public const string CompileOnceArgument = "--compile-once";

    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is [CompileOnceArgument, var directory])
        {
            return await Loading.LoadBenchmark.CompileOnceAsync(directory, CancellationToken.None).ConfigureAwait(false);
        }

        var prefix = args.Length > 0 ? args[0] : string.Empty;
        var benchmarks = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!) // a public parameterless constructor exists (checked above)
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        if (benchmarks.Count == 0)
        {
            await Console.Error.WriteLineAsync($"no benchmark named '{prefix}*'").ConfigureAwait(false);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var missed = 0;
        foreach (var benchmark in benchmarks)
        {
            var figures = await benchmark.RunAsync(cancellation.Token).ConfigureAwait(false);
            foreach (var figure in figures)
            {
                Console.WriteLine(figure);
                missed += figure.Met ? 0 : 1;
            }
        }

        return missed == 0 ? 0 : 1;
    }
}
