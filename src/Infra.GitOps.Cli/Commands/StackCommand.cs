using System.CommandLine;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops stack export|import|unlock|history --stack S</c>: move a stack's state to and from Pulumi's
/// deployment format (version 3), break a stale lock, and list previous checkpoints.
/// </summary>
public static class StackCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("stack", "Manage a stack's state: export, import, unlock, history.");
        command.Subcommands.Add(Export(console));
        command.Subcommands.Add(Import(console));
        command.Subcommands.Add(Unlock(console));
        command.Subcommands.Add(History(console));
        command.Subcommands.Add(Resources(console));
        command.Subcommands.Add(Encrypt(console));
        return command;
    }

    private static Command Resources(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var command = new Command("resources", "List the stack's recorded resources: name, type, id, and state and addresses where the provider reports them.");
        repository.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunInSessionAsync(repository, parseResult, console, async (session, stack) =>
        {
            var snapshot = await session.Store.LoadAsync(stack, cancellationToken);
            if (snapshot is null || snapshot.Resources.IsEmpty)
            {
                console.WriteLine($"Stack {stack} has no resources");
                return ExitCodes.Success;
            }

            foreach (var resource in snapshot.Resources.Where(r => r.Custom))
            {
                var details = new List<string>();
                if (resource.Outputs["state"] is Model.StringValue state)
                {
                    details.Add($"state={state.Value}");
                }

                if (resource.Outputs["ipAddress"] is Model.StringValue { Value.Length: > 0 } address)
                {
                    details.Add($"ip={address.Value}");
                }

                console.WriteLine($"{resource.Urn.Name,-24} {resource.Type.Token,-32} {string.Join(' ', details)}".TrimEnd());
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var file = new Option<string?>("--file") { Description = "Write to FILE instead of standard output." };
        var command = new Command("export", "Write the stack's state in Pulumi's export format (secrets stay encrypted).");
        repository.AddTo(command);
        command.Options.Add(file);
        command.SetAction((parseResult, cancellationToken) => RunInSessionAsync(repository, parseResult, console, async (session, stack) =>
        {
            if (parseResult.GetValue(file) is { } path)
            {
                await using var output = File.Create(path);
                await session.Store.ExportAsync(stack, output, cancellationToken);
                console.WriteLine($"Exported stack {stack} to {path}");
            }
            else
            {
                using var buffer = new MemoryStream();
                await session.Store.ExportAsync(stack, buffer, cancellationToken);
                console.Output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                console.WriteLine();
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Import(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var file = new Option<string>("--file") { Description = "The export (or checkpoint) to import.", Required = true };
        var command = new Command("import", "Replace the stack's state with an export (ours or Pulumi's `pulumi stack export`).");
        repository.AddTo(command);
        command.Options.Add(file);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (await repository.CompileAsync(parseResult, console, cancellationToken) is not { } compiled)
            {
                return ExitCodes.InvalidInput;
            }

            var path = parseResult.GetRequiredValue(file);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var keys = SecretsKeySource.FromEnvironment();
            var loaded = CheckpointSerializer.Read(bytes, path, state => keys?.Open(state) ?? SecretsCrypter.WithoutKey(state));
            using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
            var stack = parseResult.GetRequiredValue(repository.Stack);
            await using var stackLock = await session.Store.AcquireLockAsync(stack, EngineSession.Owner("import"), cancellationToken);
            await session.Store.SaveAsync(stackLock, loaded.Snapshot, cancellationToken);
            console.WriteLine($"Imported {loaded.Snapshot.Resources.Length} resources into stack {stack}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Unlock(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var command = new Command("unlock", "Break the stack's lock (only when its holder is gone).");
        repository.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunInSessionAsync(repository, parseResult, console, async (session, stack) =>
        {
            var broken = await session.Store.BreakLockAsync(stack, cancellationToken);
            console.WriteLine(broken ? $"Stack {stack} unlocked" : $"Stack {stack} was not locked");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command History(CliConsole console)
    {
        var repository = new RepositoryOptions(stackRequired: true);
        var command = new Command("history", "List the stack's previous checkpoints, newest first.");
        repository.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunInSessionAsync(repository, parseResult, console, async (session, stack) =>
        {
            var entries = await session.Store.ListHistoryAsync(stack, cancellationToken);
            if (entries.IsEmpty)
            {
                console.WriteLine($"Stack {stack} has no previous checkpoints");
            }

            foreach (var entry in entries)
            {
                console.WriteLine($"{entry.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}  {entry.SizeBytes,10} bytes  {entry.Path}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Encrypt(CliConsole console)
    {
        // The stack's own secrets may still be missing or unreadable here: that is what this command is for.
        var repository = new RepositoryOptions(stackRequired: true, Graph.SecretResolution.Placeholder);
        var value = new Argument<string?>("value")
        {
            Description = "The value to encrypt (default: read from standard input, which keeps it out of shell history).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(
            "encrypt",
            "Encrypt a value with the stack's key (from INFRA_GITOPS_PASSPHRASE or INFRA_GITOPS_SECRETS_KEY) for a `secure:` secret in its stack file.");
        repository.AddTo(command);
        command.Arguments.Add(value);
        command.SetAction((parseResult, cancellationToken) => RunInSessionAsync(repository, parseResult, console, async (session, stack) =>
        {
            if (SecretsKeySource.FromEnvironment() is null)
            {
                throw new UsageException(
                    $"set {SecretsKeySource.PassphraseVariable} (or {SecretsKeySource.KeyVariable}) to the stack's passphrase to encrypt a secret");
            }

            var plaintext = parseResult.GetValue(value) ?? (await Console.In.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
            if (plaintext.Length == 0)
            {
                throw new UsageException("nothing to encrypt: give the value as an argument or on standard input");
            }

            var crypter = await session.Store.OpenSecretsAsync(stack, cancellationToken);
            console.WriteLine($"{{ secure: \"{crypter.Encrypt(plaintext)}\" }}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // Every stack subcommand but import: compile the repository (for its project and backend), open the session,
    // and act on the named stack.
    private static async Task<int> RunInSessionAsync(
        RepositoryOptions repository,
        ParseResult parseResult,
        CliConsole console,
        Func<EngineSession, string, Task<int>> action,
        CancellationToken cancellationToken)
    {
        if (await repository.CompileAsync(parseResult, console, cancellationToken) is not { } compiled)
        {
            return ExitCodes.InvalidInput;
        }

        using var session = EngineSession.Open(compiled, repository.RepositoryRoot(parseResult));
        return await action(session, parseResult.GetRequiredValue(repository.Stack));
    }
}
