namespace Infra.GitOps.State.Serialization;

/// <summary>
/// Internal: a well-formed JSON document of the wrong shape, at a byte offset. Converted into a
/// <see cref="GitOpsException"/> naming the file, line and column at the public boundary.
/// </summary>
internal sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException(string reason, long offset)
        : base(reason)
    {
        Offset = offset;
    }

    public CheckpointFormatException()
    {
    }

    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long Offset { get; }
}
