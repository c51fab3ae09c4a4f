using System.CommandLine;
using Infra.GitOps.Graph;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops validate [--repo PATH] [--rev REV] [--stack NAME]</c>: loads and translates every stack (or
/// one), prints every diagnostic compiler-style, and changes nothing. Exit 0 when valid, 2 when not. A secret
/// this machine cannot read (unset variable, no passphrase) is a warning, not an error: validation needs no secrets.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: false, SecretResolution.Placeholder);
        var command = new Command("validate", "Validate the stacks' YAML and their graphs; change nothing.");
        repository.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var compiled = await repository.CompileAsync(parseResult, console, cancellationToken);
            if (compiled is null)
            {
                return ExitCodes.InvalidInput;
            }

            var invalid = 0;
            foreach (var stack in compiled.Stacks)
            {
                if (stack.Graph is { } graph)
                {
                    console.WriteLine($"stack {stack.Name}: valid, {graph.Resources.Length} resources");
                }
                else
                {
                    invalid++;
                    console.WriteLine($"stack {stack.Name}: invalid, {stack.Diagnostics.Count(d => d.Severity == Model.Severity.Error)} errors");
                }
            }

            if (compiled.Stacks.IsEmpty)
            {
                console.WriteLine("no stacks found under stacks/");
            }

            return invalid == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }
}
