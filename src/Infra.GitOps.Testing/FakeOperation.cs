namespace Infra.GitOps.Testing;

/// <summary>The provider methods a <see cref="FakeProvider"/> records and can be told to fail.</summary>
public enum FakeOperation
{
    /// <summary><see cref="Providers.IResourceProvider.ConfigureAsync"/>.</summary>
    Configure,

    /// <summary><see cref="Providers.IResourceProvider.CheckAsync"/>.</summary>
    Check,

    /// <summary><see cref="Providers.IResourceProvider.DiffAsync"/>.</summary>
    Diff,

    /// <summary><see cref="Providers.IResourceProvider.CreateAsync"/>.</summary>
    Create,

    /// <summary><see cref="Providers.IResourceProvider.ReadAsync"/>.</summary>
    Read,

    /// <summary><see cref="Providers.IResourceProvider.UpdateAsync"/>.</summary>
    Update,

    /// <summary><see cref="Providers.IResourceProvider.DeleteAsync"/>.</summary>
    Delete,
}
