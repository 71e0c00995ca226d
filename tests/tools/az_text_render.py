#!/usr/bin/python3
"""Render the project's JSON fixtures in the text forms users save.

For each source export (az JSON) write, into tests/data/azure/text/:
  NAME.az-table.txt   az ... --query value -o table (knack: tabulate
                      "simple", disable_numparse; first letter capitalized;
                      az's transformer for effective routes)
  NAME.az-tsv.txt     az ... --query 'value[]' -o tsv (values by key name)
  NAME.az-yaml.txt    az ... -o yaml (PyYAML safe_dump, as knack does)
  NAME.ps7.txt        PowerShell 7 default view, UTF-8, LF
  NAME.ps51.txt       Windows PowerShell 5.1 `>`: UTF-16LE BOM, CRLF, the
                      prompt and command line pasted above, padded lines
Usage: az_text_render.py SRC_DIR OUT_DIR   (SRC_DIR = tests/data/azure)
test_azure_text_render.sh reruns it and compares with the committed files.
"""
import json
import os
import sys

import tabulate
import yaml

# name: (source, kind, az command, PowerShell command)
SOURCES = {
    "arp": ("circuit/arp-ok-primary.json", "arp",
            "az network express-route list-arp-tables -g rg-test -n erc-test "
            "--peering-name AzurePrivatePeering --path primary",
            "Get-AzExpressRouteCircuitARPTable -ResourceGroupName rg-test "
            "-ExpressRouteCircuitName erc-test -PeeringType "
            "AzurePrivatePeering -DevicePath Primary"),
    "routes": ("circuit/routes-primary.json", "routes",
               "az network express-route list-route-tables -g rg-test -n "
               "erc-test --peering-name AzurePrivatePeering --path primary",
               "Get-AzExpressRouteCircuitRouteTable -ResourceGroupName "
               "rg-test -ExpressRouteCircuitName erc-test -PeeringType "
               "AzurePrivatePeering -DevicePath Primary"),
    "summary": ("circuit/summary-ok-primary.json", "summary",
                "az network express-route list-route-tables-summary -g "
                "rg-test -n erc-test --peering-name AzurePrivatePeering "
                "--path primary",
                "Get-AzExpressRouteCircuitRouteTableSummary "
                "-ResourceGroupName rg-test -ExpressRouteCircuitName "
                "erc-test -PeeringType AzurePrivatePeering -DevicePath "
                "Primary"),
    "stats": ("circuit/stats.json", "stats",
              "az network express-route get-stats -g rg-test -n erc-test",
              "Get-AzExpressRouteCircuitStats -ResourceGroupName rg-test "
              "-ExpressRouteCircuitName erc-test"),
    "circuit": ("circuit/circuit-ok.json", "circuit",
                "az network express-route show -g rg-test -n erc-test",
                "Get-AzExpressRouteCircuit -ResourceGroupName rg-test "
                "-Name erc-test"),
    "effective-routes": ("routes/effective-mixed.json", "eroutes",
                         "az network nic show-effective-route-table -g "
                         "rg-test -n nic-test",
                         "Get-AzEffectiveRouteTable -ResourceGroupName "
                         "rg-test -NetworkInterfaceName nic-test | "
                         "Format-Table"),
    "effective-nsg": ("text/src-effective-nsg.json", "ensg",
                      "az network nic list-effective-nsg -g rg-test -n "
                      "nic-test",
                      "Get-AzEffectiveNetworkSecurityGroup "
                      "-ResourceGroupName rg-test -NetworkInterfaceName "
                      "nic-test"),
}

# PowerShell property names and order, per kind (azure-formats.md 2.3-2.5)
PS_COLS = {
    "arp": [("Age", "age"), ("InterfaceProperty", "interface"),
            ("IpAddress", "ipAddress"), ("MacAddress", "macAddress")],
    "routes": [("Network", "network"), ("NextHop", "nextHop"),
               ("LocPrf", "locPrf"), ("Weight", "weight"),
               ("Path", "path")],
    "summary": [("Neighbor", "neighbor"), ("V", "v"),
                ("AsProperty", "as"), ("UpDown", "upDown"),
                ("StatePfxRcd", "statePfxRcd")],
    "eroutes": [("Name", "name"), ("State", "state"), ("Source", "source"),
                ("AddressPrefix", "addressPrefix"),
                ("NextHopType", "nextHopType"),
                ("NextHopIpAddress", "nextHopIpAddress")],
}

TSV_KINDS = ("arp", "routes", "summary", "stats")


def pascal(k):
    fix = {"azureASN": "AzureASN", "peerASN": "PeerASN"}
    return fix.get(k, k[:1].upper() + k[1:])


def ps_json(v):
    """An object as the Az modules' *Text properties show it."""
    def conv(x):
        if isinstance(x, dict):
            return {pascal(k): conv(w) for k, w in x.items()}
        if isinstance(x, list):
            return [conv(w) for w in x]
        return x
    return json.dumps(conv(v), indent=2)


def ps_scalar(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, list):
        return "{" + ", ".join(ps_scalar(x) for x in v) + "}"
    return str(v)


def ps_table(cols, rows, pad):
    """Format-Table: one space between columns, numbers right-aligned,
    the header text underlined."""
    cells = [[ps_scalar(r.get(k)) for _, k in cols] for r in rows]
    right = [all(isinstance(r.get(k), int) and not isinstance(
        r.get(k), bool) for r in rows) for _, k in cols]
    width = [max([len(h)] + [len(c[i]) for c in cells])
             for i, (h, _) in enumerate(cols)]

    def line(vals):
        out = []
        for i, v in enumerate(vals):
            out.append(v.rjust(width[i]) if right[i] else v.ljust(width[i]))
        s = " ".join(out)
        return s if pad else s.rstrip()
    lines = ["", line([h for h, _ in cols]),
             line(["-" * len(h) for h, _ in cols])]
    lines += [line(c) for c in cells]
    return "\n".join(lines) + "\n\n\n"


def ps_list(objs):
    """Format-List: names padded to the longest, nested objects as the
    indented JSON the Az modules print."""
    out = [""]
    for o in objs:
        w = max(len(k) for k, _ in o)
        for k, v in o:
            head = k.ljust(w) + " : "
            if isinstance(v, (dict, list)) and not (
                    isinstance(v, list) and all(isinstance(x, str)
                                                for x in v)):
                js = ps_json(v).split("\n")
                out.append(head + js[0])
                out += [" " * len(head) + x for x in js[1:]]
            else:
                out.append((head + ps_scalar(v)).rstrip())
        out.append("")
    return "\n".join(out) + "\n\n"


def ps_render(kind, doc):
    rows = doc.get("value", doc) if isinstance(doc, dict) else doc
    if kind in PS_COLS:
        return ps_table(PS_COLS[kind], rows, False)
    if kind == "stats":
        return ps_list([[(pascal(k), v) for k, v in sorted(doc.items())]])
    if kind == "circuit":
        o = [("Name", doc["name"]), ("ResourceGroupName", "rg-test"),
             ("Id", doc["id"]),
             ("Sku", doc["sku"]),
             ("CircuitProvisioningState", doc["circuitProvisioningState"]),
             ("ServiceProviderProvisioningState",
              doc["serviceProviderProvisioningState"]),
             ("ServiceProviderProperties", doc["serviceProviderProperties"]),
             ("Peerings", doc["peerings"])]
        return ps_list([o])
    if kind == "ensg":
        objs = []
        for n in rows:
            objs.append([("NetworkSecurityGroup", n["networkSecurityGroup"]),
                         ("Association", n["association"]),
                         ("EffectiveSecurityRules",
                          [ps_rule_obj(r) for r in
                           n["effectiveSecurityRules"]]),
                         ("TagMap", n.get("tagMap", {}))])
        return ps_list(objs)
    raise ValueError(kind)


def ps_rule_obj(r):
    """PSEffectiveSecurityRule: the port and prefix fields are lists."""
    def many(one, plural):
        v = list(r.get(plural) or [])
        if r.get(one):
            v.insert(0, r[one])
        return v
    return {
        "Name": r["name"], "Protocol": r["protocol"],
        "SourcePortRange": many("sourcePortRange", "sourcePortRanges"),
        "DestinationPortRange": many("destinationPortRange",
                                     "destinationPortRanges"),
        "SourceAddressPrefix": many("sourceAddressPrefix",
                                    "sourceAddressPrefixes"),
        "DestinationAddressPrefix": many("destinationAddressPrefix",
                                         "destinationAddressPrefixes"),
        "ExpandedSourceAddressPrefix":
            r.get("expandedSourceAddressPrefix") or [],
        "ExpandedDestinationAddressPrefix":
            r.get("expandedDestinationAddressPrefix") or [],
        "Access": r["access"], "Priority": r["priority"],
        "Direction": r["direction"],
    }


def az_table(kind, doc):
    if kind == "eroutes":
        rows = [{"Source": v["source"], "State": v["state"],
                 "Address Prefix": " ".join(v.get("addressPrefix", [])),
                 "Next Hop Type": v["nextHopType"],
                 "Next Hop IP": " ".join(v.get("nextHopIpAddress", []))}
                for v in doc["value"]]
    else:
        src = doc["value"] if "value" in doc else [doc]
        rows = []
        for v in src:
            rows.append({k[:1].upper() + k[1:]: w for k, w in v.items()
                         if k not in ("id", "type", "etag") and w is not None
                         and not isinstance(w, (list, dict))})
    return tabulate.tabulate(rows, headers="keys", tablefmt="simple",
                             disable_numparse=True) + "\n"


def az_tsv(doc):
    src = doc["value"] if "value" in doc else [doc]
    out = []
    for v in src:
        out.append("\t".join(str(w) for _, w in sorted(v.items())))
    return "\n".join(out) + "\n"


def write(path, text, utf16=False):
    if utf16:
        data = b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
    else:
        data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def main():
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    for name, (src, kind, azcmd, pscmd) in sorted(SOURCES.items()):
        with open(os.path.join(src_dir, src)) as f:
            doc = json.load(f)
        base = os.path.join(out_dir, name)
        q = "" if kind in ("circuit", "stats") else " --query value"
        if kind != "ensg":
            write(base + ".az-table.txt", "$ " + azcmd + q + " -o table\n" +
                  az_table(kind, doc))
        if kind in TSV_KINDS:
            write(base + ".az-tsv.txt", az_tsv(doc))
        write(base + ".az-yaml.txt", yaml.safe_dump(
            doc, default_flow_style=False, allow_unicode=True))
        ps = ps_render(kind, doc)
        write(base + ".ps7.txt", ps)
        if kind in PS_COLS:
            padded = ps_table(PS_COLS[kind], doc["value"], True)
        else:
            padded = ps
        write(base + ".ps51.txt", "PS C:\\Users\\ops> " + pscmd +
              " > " + name + ".txt\n" + padded + "PS C:\\Users\\ops>\n",
              utf16=True)


if __name__ == "__main__":
    main()
