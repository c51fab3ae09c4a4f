using Infra.GitOps.Reconciler.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>Registers the reconciler in a Generic Host (<c>infra-gitops serve</c>, or a user's own host).</summary>
public static class ReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="Reconciler"/>, <see cref="ReconcilerService"/> and their parts. The caller registers the
    /// seams: <see cref="Sources.IRevisionSource"/>, <see cref="Running.IRepositoryCompiler"/>,
    /// <see cref="State.IStateStore"/> and <see cref="Running.IStackRunner"/>; <see cref="IEventSink"/> defaults to
    /// <see cref="LogEventSink"/> and <see cref="TimeProvider"/> to the system clock. Sets the host's shutdown
    /// timeout to <paramref name="shutdownTimeout"/> so that steps in flight can finish.
    /// </summary>
    public static IServiceCollection AddInfraGitOpsReconciler(this IServiceCollection services, ReconcilerOptions options, TimeSpan shutdownTimeout)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventSink, LogEventSink>();
        services.AddSingleton<ReconcileSignal>();
        services.AddSingleton<ReconcilerHealth>();
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcilerService>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);
        return services;
    }
}
