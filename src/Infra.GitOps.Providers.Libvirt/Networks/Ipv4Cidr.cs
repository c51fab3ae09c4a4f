using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Infra.GitOps.Providers.Libvirt.Networks;

/// <summary>An IPv4 network in CIDR notation, normalised to its network address (<c>10.10.0.0/24</c>).</summary>
internal readonly record struct Ipv4Cidr(uint Network, int Prefix)
{
    /// <summary>The netmask as an integer.</summary>
    public uint Mask => Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix);

    /// <summary>The first address of the range (the network address).</summary>
    public uint First => Network;

    /// <summary>The last address of the range (the broadcast address).</summary>
    public uint Last => Network | ~Mask;

    /// <summary>Parses <c>a.b.c.d/n</c>; host bits must be zero.</summary>
    public static bool TryParse(string text, out Ipv4Cidr cidr, out string error)
    {
        cidr = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a CIDR (expected a.b.c.d/n)";
            return false;
        }

        if (!IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || text[..slash].Count(c => c == '.') != 3)
        {
            error = $"'{text}' is not an IPv4 CIDR";
            return false;
        }

        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = $"'{text}' has an invalid prefix length (0 to 32)";
            return false;
        }

        var value = ToUInt32(address);
        var candidate = new Ipv4Cidr(value, prefix);
        if ((value & ~candidate.Mask) != 0)
        {
            error = $"'{text}' has host bits set: did you mean '{new Ipv4Cidr(value & candidate.Mask, prefix)}'?";
            return false;
        }

        cidr = candidate;
        error = string.Empty;
        return true;
    }

    /// <summary>The network containing <paramref name="address"/> with <paramref name="prefix"/>.</summary>
    public static Ipv4Cidr Containing(IPAddress address, int prefix)
    {
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new Ipv4Cidr(ToUInt32(address) & mask, prefix);
    }

    /// <summary>The prefix length of a dotted netmask, or -1 when it is not contiguous.</summary>
    public static int PrefixOf(IPAddress netmask)
    {
        var mask = ToUInt32(netmask);
        var prefix = 32 - System.Numerics.BitOperations.TrailingZeroCount(mask == 0 ? 0x1_0000_0000UL : mask);
        var expected = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return expected == mask ? prefix : -1;
    }

    /// <summary>True when the two ranges share at least one address.</summary>
    public bool Overlaps(Ipv4Cidr other) => First <= other.Last && other.First <= Last;

    /// <summary>The address <paramref name="offset"/> places after the network address.</summary>
    public IPAddress At(uint offset) => ToAddress(Network + offset);

    /// <inheritdoc />
    public override string ToString() => $"{ToAddress(Network)}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
