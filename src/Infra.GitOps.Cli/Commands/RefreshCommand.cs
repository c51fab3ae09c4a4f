using System.CommandLine;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops refresh --stack S [--yes]</c>: reads every recorded resource from its provider, reports drift
/// as a diff against the recorded state, and records what it found.
/// </summary>
public static class RefreshCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var json = new Option<bool>("--json") { Description = "Print a machine-readable result." };
        var command = new Command("refresh", "Read the actual resources, report drift, and record it in the state.");
        repository.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(new Option<bool>("--yes", "-y") { Description = "Accepted for symmetry with up; refresh only changes the state." });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled?.Stacks.SingleOrDefault() is not { Stack: { } stack })
            {
                return ExitCodes.InvalidInput;
            }

            using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
            var result = await session.Operations.RefreshAsync(
                compiled.Project.Name,
                stack.Definition.Name,
                stack.Definition.Providers,
                session.Store,
                session.Providers,
                EngineSession.Owner("refresh"),
                Engine.StackOperationOptions.Default,
                cancellationToken);
            return UpCommand.Report(console, result, parseResult.GetValue(json));
        });
        return command;
    }
}
