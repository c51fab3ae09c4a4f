using System.Runtime.InteropServices;

namespace Infra.GitOps.Cli;

/// <summary>The <c>infra-gitops</c> entry point: the composition root.</summary>
public static class Program
{
    /// <summary>Runs the command line; see <see cref="ExitCodes"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();

        // Ctrl+C and SIGTERM cancel the operation: steps in flight finish and their results are saved.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });

        var console = CliConsole.FromEnvironment();
        try
        {
            return await CliApplication.RunAsync(args, console, cancellation.Token);
        }
        catch (UsageException exception)
        {
            console.Error(exception.Message);
            return ExitCodes.InvalidInput;
        }
        catch (InvalidConfigurationException exception)
        {
            console.Diagnostics(exception.Diagnostics);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.Error("cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception exception)
        {
            // The process boundary: whatever escaped the commands becomes one line and exit code 1, never a stack
            // trace (set INFRA_GITOPS_DEBUG=1 to see it).
            console.Error(exception is GitOpsException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}");
            if (Environment.GetEnvironmentVariable("INFRA_GITOPS_DEBUG") == "1")
            {
                console.Error(exception.ToString());
            }

            return ExitCodes.Failed;
        }
    }
}
