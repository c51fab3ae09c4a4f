using System.CommandLine;
using Infra.GitOps.Cli.Commands;
using Infra.GitOps.Cli.Commands.Reconciling;

namespace Infra.GitOps.Cli;

/// <summary>
/// Builds the <c>infra-gitops</c> command tree and runs it. In-process entry for tests: the same parsing,
/// output and exit codes as the tool.
/// </summary>
public static class CliApplication
{
    /// <summary>Parses <paramref name="args"/> and runs the command. Usage errors print to standard error and
    /// return <see cref="ExitCodes.InvalidInput"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);

        var root = new RootCommand("Infra.GitOps: declarative infrastructure in Git, previewed and applied by its own engine.");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error(error.Message);
            }

            console.Error("run 'infra-gitops --help' for usage");
            return ExitCodes.InvalidInput;
        }

        // ProcessTerminationTimeout null: Program.Main turns SIGTERM and Ctrl+C into cancellationToken and waits for the
        // command however long its steps in flight take; System.CommandLine's own handler would give up after 2 s.
        var invocation = new InvocationConfiguration { Output = console.Output, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
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
        catch (GitOpsException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Operational failures (a held lock, a provider error, a malformed state file) are one line and exit 1.
            console.Error(exception.Message);
            return ExitCodes.Failed;
        }
    }

    private static IEnumerable<Command> Commands(CliConsole console)
    {
        yield return ValidateCommand.Create(console);
        yield return GraphCommand.Create(console);
        yield return PreviewCommand.Create(console);
        yield return UpCommand.Create(console);
        yield return RefreshCommand.Create(console);
        yield return DestroyCommand.Create(console);
        yield return StackCommand.Create(console);
        yield return PrPreviewCommand.Create(console);
        yield return ReconcileCommand.Create(console);
        yield return StatusCommand.Create(console);
        yield return StatusCommand.CreateHistory(console);
        yield return RollbackCommand.Create(console);
        yield return ServeCommand.Create(console);
    }
}
