using System.Diagnostics;
using Infra.GitOps.CrashHost;

namespace Infra.GitOps.LifecycleTests;

/// <summary>
/// A child process runs <c>up</c> of a 200-resource graph against the file-backed fake cloud and the file state
/// store and is killed at random moments; after each kill an in-process <c>up</c> must converge to exactly the
/// desired resources: no duplicate, no orphan, state equal to the cloud. Successive runs alternate graph variants
/// so that kills also land in updates, replacements (both orders) and deletes.
/// </summary>
[Category("Integration")]
public class CrashTests
{
    private const int RequiredKills = 50;
    private const int LatencyMs = 2;

    [Test]
    [CancelAfter(600_000)]
    public async Task UpAsync_ChildKilledAtRandomMoments_NextUpConvergesWithoutDuplicatesOrOrphans(CancellationToken cancellationToken)
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var work = Path.Combine(root, "infra-gitops-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var cloud = Path.Combine(work, "cloud");
        var state = Path.Combine(work, "state");
        var random = new Random(20261126);
        try
        {
            var rig = new CrashRig(cloud, state, TimeSpan.Zero);

            // Calibrate: one child run that is not killed gives the window the kills are spread over.
            var (fullRun, exit) = await RunChildAsync(cloud, state, variant: 0, killAfter: null, cancellationToken);
            Assert.That(exit, Is.Zero, "an uninterrupted child up succeeds");
            Assert.That(await rig.DifferencesAsync(0, cancellationToken), Is.Empty);

            var kills = 0;
            var variant = 0;
            var window = fullRun;
            for (var iteration = 0; kills < RequiredKills && iteration < RequiredKills * 2; iteration++)
            {
                variant++;
                var killAfter = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
                var (ran, childExit) = await RunChildAsync(cloud, state, variant, killAfter, cancellationToken);
                if (childExit is null)
                {
                    kills++;
                }
                else
                {
                    // The child finished before the kill: runs are shorter than the window (a variant that changes
                    // less than the first full create, or a quieter machine), so narrow the window towards them.
                    window = (window + ran) / 2;
                }

                // The killed process still holds the stack lock: break it, as `infra-gitops stack unlock` would.
                await rig.Store.BreakLockAsync(CrashGraph.Stack, cancellationToken);
                var converged = await rig.UpAsync(variant, cancellationToken);

                Assert.That(converged.Succeeded, Is.True, $"iteration {iteration}: converging up failed: {string.Join("; ", converged.Apply?.Failures.Select(f => f.Error.Message) ?? converged.Plan.Diagnostics.Select(d => d.ToString()))}");
                var differences = await rig.DifferencesAsync(variant, cancellationToken);
                Assert.That(differences, Is.Empty, $"iteration {iteration} (variant {variant}, killed after {killAfter.TotalMilliseconds:0} ms)");
            }

            Assert.That(kills, Is.GreaterThanOrEqualTo(RequiredKills));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the child; returns how long it ran after starting the operation and its exit code, or null
    /// when it was killed.</summary>
    private static async Task<(TimeSpan Ran, int? Exit)> RunChildAsync(string cloud, string state, int variant, TimeSpan? killAfter, CancellationToken cancellationToken)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Infra.GitOps.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, cloud, state, variant.ToString(System.Globalization.CultureInfo.InvariantCulture), LatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!; // Start with UseShellExecute false returns a process or throws
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        Assert.That(line, Is.EqualTo("started"), "the crash host starts");
        var clock = Stopwatch.StartNew();
        if (killAfter is { } delay)
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(exited, Task.Delay(delay, cancellationToken)) != exited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(cancellationToken);
                return (clock.Elapsed, null);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        Assert.That(process.ExitCode, Is.Zero, await errors);
        return (clock.Elapsed, process.ExitCode);
    }
}
