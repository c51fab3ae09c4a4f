using System.Globalization;

namespace Infra.GitOps.Bench;

/// <summary>One measured figure and its target: printed as <c>NAME: VALUE UNIT (target OP VALUE UNIT) ok|MISSED</c>.</summary>
/// <param name="Name">Figure name, e.g. <c>load.vs-parse</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Unit">Its unit (<c>x</c>, <c>ms</c>, <c>MB</c>).</param>
/// <param name="Operator"><c>&lt;=</c>, <c>&lt;</c>, <c>&gt;=</c> or <c>&gt;</c>.</param>
/// <param name="Target">The target value.</param>
/// <param name="TargetUnit">The target's unit.</param>
public sealed record BenchmarkFigure(string Name, double Value, string Unit, string Operator, double Target, string TargetUnit)
{
    /// <summary>True when the value meets the target.</summary>
    public bool Met => Operator switch
    {
        "<=" => Value <= Target,
        "<" => Value < Target,
        ">=" => Value >= Target,
        ">" => Value > Target,
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: {Value:0.###} {Unit} (target {Operator} {Target:0.###} {TargetUnit}) {(Met ? "ok" : "MISSED")}");
}
