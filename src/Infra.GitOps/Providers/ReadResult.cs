namespace Infra.GitOps.Providers;

/// <summary>The outcome of a read: <see cref="ResourceFound"/> or <see cref="ResourceGone"/>.</summary>
public abstract record ReadResult;
