"""Two BroadWorks trunk groups, a group's trunking call capacity and the service provider's trunking capacity report,
through the pulumi-trunking provider plugin and its Python SDK (pulumi_trunking)."""
import pulumi
import pulumi_trunking as trunking

config = pulumi.Config()
service_provider_id = config.get("serviceProviderId") or "SP1"

# A trunk group with SIP authentication: its password is a secret in the state.
pbx_a = trunking.TrunkGroup(
    "pbxA",
    service_provider_id=service_provider_id,
    group_id="G1",
    name="PBX A",
    max_active_calls=20,
    require_authentication=True,
    sip_authentication_user_name="pbxa",
    sip_authentication_password=config.require_secret("pbxASipPassword"),
)

# Group G2's trunking call capacity: its trunk groups already take all 30 of its calls, so it is raised
# to 50 for the 15 added here (destroy leaves it as it is then; restore_on_delete=True would put back 30).
g2_capacity = trunking.GroupTrunkingCapacity(
    "g2Capacity",
    service_provider_id=service_provider_id,
    group_id="G2",
    max_active_calls=50,
)

# A trunk group that forwards the calls above its limit, added once G2's capacity is raised.
sbc_edge = trunking.TrunkGroup(
    "sbcEdge",
    service_provider_id=service_provider_id,
    group_id="G2",
    name="SBC Edge",
    max_active_calls=15,
    capacity_exceeded_action=trunking.TrunkGroupCapacityExceededAction.FORWARD,
    capacity_exceeded_forward_address="+15551230000",
    opts=pulumi.ResourceOptions(depends_on=[g2_capacity]),
)

# The service provider's trunking capacity, read after both trunk groups are applied.
capacity = trunking.get_trunking_capacity_output(
    service_provider_id=service_provider_id,
    group_ids=["G1", "G2"],
    opts=pulumi.InvokeOutputOptions(depends_on=[pbx_a, sbc_edge, g2_capacity]),
)

pulumi.export(
    "trunkGroups",
    [
        {"id": pbx_a.id, "maxActiveCalls": pbx_a.max_active_calls},
        {"id": sbc_edge.id, "maxActiveCalls": sbc_edge.max_active_calls},
    ],
)
pulumi.export("capacity", capacity)
