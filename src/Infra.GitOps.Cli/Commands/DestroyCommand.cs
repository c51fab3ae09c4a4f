using System.CommandLine;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops destroy --stack S --yes</c>: deletes every resource of the stack in reverse dependency order;
/// protected resources stop it, retainOnDelete ones only leave the state.
/// </summary>
public static class DestroyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var yes = new Option<bool>("--yes", "-y") { Description = "Required: destroy without asking." };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable result." };
        var command = new Command("destroy", "Delete every resource of the stack.");
        repository.AddTo(command);
        command.Options.Add(yes);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(yes))
            {
                console.Error("destroy deletes every resource of the stack: pass --yes to confirm");
                return ExitCodes.InvalidInput;
            }

            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled?.Stacks.SingleOrDefault() is not { Stack: { } stack })
            {
                return ExitCodes.InvalidInput;
            }

            using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
            Task<Engine.UpResult> DestroyAsync(Engine.StackOperationOptions options) => session.Operations.DestroyAsync(
                compiled.Project.Name,
                stack.Definition.Name,
                stack.Definition.Providers,
                session.Store,
                session.Providers,
                EngineSession.Owner("destroy"),
                options,
                cancellationToken);
            if (parseResult.GetValue(json))
            {
                return UpCommand.Report(console, await DestroyAsync(Engine.StackOperationOptions.Default), json: true);
            }

            return await UpCommand.RunWithProgressAsync(
                console, $"Destroying stack {compiled.Project.Name}/{stack.Definition.Name}:", Engine.StackOperationOptions.Default, DestroyAsync, cancellationToken);
        });
        return command;
    }
}
