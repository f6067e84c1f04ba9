namespace QuasiProperty.Model;

/// <summary>A property company (物业公司) paid under one or more contracts.</summary>
public sealed record Company(string Id, string Name);
