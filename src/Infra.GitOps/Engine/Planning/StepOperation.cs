namespace Infra.GitOps.Engine.Planning;

/// <summary>What a step does to a resource (Pulumi's <c>StepOp</c>, <c>pkg/resource/deploy/step.go</c>).</summary>
public enum StepOperation
{
    /// <summary>Nothing changes (<c>same</c>, prefix two spaces).</summary>
    Same,

    /// <summary>A new resource is created (<c>create</c>, <c>+ </c>).</summary>
    Create,

    /// <summary>The resource is changed in place (<c>update</c>, <c>~ </c>).</summary>
    Update,

    /// <summary>The logical replacement of a resource (<c>replace</c>, <c>+-</c>); no provider call of its own.</summary>
    Replace,

    /// <summary>The replacement copy is created (<c>create-replacement</c>, <c>++</c>).</summary>
    CreateReplacement,

    /// <summary>The replaced copy is deleted (<c>delete-replaced</c>, <c>--</c>).</summary>
    DeleteReplaced,

    /// <summary>The resource is deleted (<c>delete</c>, <c>- </c>).</summary>
    Delete,

    /// <summary>The resource is read only (<c>read</c>, <c>> </c>).</summary>
    Read,

    /// <summary>The recorded state is brought in line with the actual resource (<c>refresh</c>, <c>~ </c>).</summary>
    Refresh,
}
