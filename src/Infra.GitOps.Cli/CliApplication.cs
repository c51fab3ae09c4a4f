using System.CommandLine;
using Infra.GitOps.Cli.Commands;

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

        var invocation = new InvocationConfiguration { Output = console.Output, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
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
    }
}
