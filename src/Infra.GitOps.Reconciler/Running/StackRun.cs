using Infra.GitOps.Loading;
using Infra.GitOps.State;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>One stack to preview or apply: its compiled form at one commit, under its held lock.</summary>
/// <param name="Repository">The compiled repository the stack belongs to.</param>
/// <param name="Stack">The stack; <see cref="CompiledStack.HasErrors"/> is false.</param>
/// <param name="Lock">The stack's lock, held by the reconciler for the whole run.</param>
public sealed record StackRun(CompiledRepository Repository, CompiledStack Stack, IStackLock Lock);
