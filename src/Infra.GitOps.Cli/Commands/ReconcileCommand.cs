using System.CommandLine;
using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.Providers.Libvirt;
using Infra.GitOps.Reconciler;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// <c>infra-gitops reconcile --repo URL --branch main --once --state-dir DIR</c>: one pass over every stack of
/// the tracked branch (fetch, then for each stack whose applied commit differs from the head: validate, preview,
/// guard, up, record status and audit trail). Exit 0 when every stack is reconciled, 1 otherwise. For a
/// Kubernetes CronJob or a scheduled CI job.
/// </summary>
public static class ReconcileCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var repo = new Option<string>("--repo") { Description = "The remote to track: a path, file:// or https URL.", Required = true };
        var branch = new Option<string>("--branch") { Description = "The tracked branch.", DefaultValueFactory = _ => "main" };
        var stateDir = new Option<string>("--state-dir") { Description = "Where state, status and the audit trail live.", DefaultValueFactory = _ => ".infra/state" };
        var cacheDir = new Option<string>("--cache-dir") { Description = "Where the remote is mirrored.", DefaultValueFactory = _ => ".infra/cache" };
        var once = new Option<bool>("--once") { Description = "Run one pass and exit (the only mode of this command; `serve` runs continuously)." };
        var command = new Command("reconcile", "Reconcile every stack of the tracked branch once.");
        foreach (var option in new Option[] { repo, branch, stateDir, cacheDir, once })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var time = TimeProvider.System;
            var state = Path.GetFullPath(parseResult.GetRequiredValue(stateDir));
            var tracked = parseResult.GetRequiredValue(branch);
            using var mirror = new GitRemoteMirror(
                new GitRemoteMirrorOptions { RemoteUrl = parseResult.GetRequiredValue(repo), CacheDirectory = Path.GetFullPath(parseResult.GetRequiredValue(cacheDir)) },
                time,
                NullLogger<GitRemoteMirror>.Instance);

            // The state store is per project: read the project's name at the head before building the reconciler.
            var head = await mirror.FetchAsync(tracked, cancellationToken);
            string project;
            using (var repository = mirror.OpenRepository())
            {
                var compiled = await RepositoryCompiler.CompileAsync(await repository.GetSourceTreeAsync(head, cancellationToken), CompileOptions.Default, cancellationToken);
                project = compiled.Value?.Project.Name ?? "unknown";
            }

            using var libvirt = new LibvirtProvider();
            using var source = new GitRevisionSource(mirror, tracked);
            var store = new FileStateStore("file://" + state, state, project, SecretsKeySource.FromEnvironment(), time);
            var runner = new EngineStackRunner(new StackOperations(time), store, new ProviderRegistry(libvirt));
            var reconciler = new Reconciler.Reconciler(
                new ReconcilerOptions { StateDirectory = state, Branch = tracked },
                source,
                new CoreRepositoryCompiler(),
                store,
                runner,
                new LogEventSink(NullLogger<LogEventSink>.Instance),
                time,
                NullLogger<Reconciler.Reconciler>.Instance);
            var pass = await reconciler.RunPassAsync(cancellationToken);
            console.WriteLine($"Reconciled {tracked} at {pass.Head?[..Math.Min(7, pass.Head.Length)] ?? "?"}");
            if (pass.SourceError is { } error)
            {
                console.Error(error);
            }

            foreach (var outcome in pass.Outcomes)
            {
                console.WriteLine($"  {outcome.Stack}: {outcome}");
            }

            return pass.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
