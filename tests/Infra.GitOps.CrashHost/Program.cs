using System.Globalization;

namespace Infra.GitOps.CrashHost;

/// <summary>
/// The crash test's child process: <c>up</c> of <see cref="CrashGraph"/> against a file-backed fake cloud and the
/// file state store, to be killed at a random moment. Arguments: cloud directory, state directory, variant,
/// provider latency in milliseconds. Prints <c>started</c> when the operation begins.
/// </summary>
public static class Program
{
    /// <summary>Runs one up; exit code 0 when it succeeded, 1 when a step failed, 2 on bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 4)
        {
            await Console.Error.WriteLineAsync("usage: Infra.GitOps.CrashHost <cloud-dir> <state-dir> <variant> <latency-ms>").ConfigureAwait(false);
            return 2;
        }

        var rig = new CrashRig(args[0], args[1], TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
        Console.Out.WriteLine("started");
        await Console.Out.FlushAsync().ConfigureAwait(false);
        var result = await rig.UpAsync(int.Parse(args[2], CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
        return result.Succeeded ? 0 : 1;
    }
}
