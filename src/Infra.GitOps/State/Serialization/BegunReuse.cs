namespace Infra.GitOps.State.Serialization;

/// <summary>What a succeed line may copy from the JSON of its begin's resource.</summary>
internal enum BegunReuse
{
    /// <summary>Nothing: the new state is serialized in full.</summary>
    None,

    /// <summary>The inputs (the new state has the very inputs object its begin recorded).</summary>
    Inputs,

    /// <summary>Everything but the id and the outputs (<see cref="ResourceState.DiffersOnlyInIdAndOutputs"/>).</summary>
    AllButIdAndOutputs,
}
