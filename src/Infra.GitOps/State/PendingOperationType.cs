namespace Infra.GitOps.State;

/// <summary>What an interrupted operation was doing (Pulumi's <c>pending_operations[].type</c>).</summary>
public enum PendingOperationType
{
    /// <summary><c>creating</c>: the resource may or may not exist; it has no id yet.</summary>
    Creating,

    /// <summary><c>updating</c>.</summary>
    Updating,

    /// <summary><c>deleting</c>.</summary>
    Deleting,

    /// <summary><c>reading</c>.</summary>
    Reading,

    /// <summary><c>importing</c>.</summary>
    Importing,
}
