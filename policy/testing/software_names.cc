// Real publisher/product names (as Windows "programs" and package inventories show them).
#include "policy/testing/software_names.h"

namespace interdict {
namespace test_support {
namespace {

constexpr SoftwareName kBannedStyle[] = {
    {"AO Kaspersky Lab", "Kaspersky Internet Security"},
    {"Kaspersky Lab ZAO", "Kaspersky Endpoint Security for Windows"},
    {"ByteDance Ltd.", "TikTok"},
    {"TikTok Pte. Ltd.", "TikTok LIVE Studio"},
    {"Hangzhou DeepSeek Artificial Intelligence Co., Ltd.", "DeepSeek"},
    {"Huawei Technologies Co., Ltd.", "Huawei PC Manager"},
    {"ZTE Corporation", "ZTE USB Modem Driver"},
    {"Hangzhou Hikvision Digital Technology Co., Ltd.", "iVMS 4200"},
    {"Zhejiang Dahua Technology Co., Ltd.", "SmartPSS"},
    {"Hytera Communications Corporation Limited", "Hytera Dispatch Console"},
    {"Xiaohongshu Technology Co., Ltd.", "RedNote"},
    {"Lemon Inc.", "Lemon8"},
    {"Webull Technologies Pte. Ltd.", "Webull Desktop"},
    {"Tiger Brokers (NZ) Limited", "Tiger Trade"},
    {"Moomoo Technologies Inc.", "moomoo"},
    {"Tencent Holdings Limited", "WeChat"},
    {"Alibaba Group Holding Limited", "DingTalk"},
    {"Beijing Qihoo Technology Co., Ltd.", "360 Total Security"},
    {"Yandex LLC", "Yandex Browser"},
    {"Positive Technologies", "MaxPatrol SIEM Agent"},
    {"Dr.Web Ltd.", "Dr Web Security Space"},
    {"Group-IB Global Private Limited", "Group IB Threat Intelligence"},
    {"China Mobile International Limited", "China Mobile Connect"},
    {"China Telecom Americas Corporation", "China Telecom Cloud Client"},
    {"Pango Group", "UltraAV"},
    {"Baidu, Inc.", "Baidu Netdisk"},
    {"Kingsoft Office Software", "WPS Office"},
    {"Sangfor Technologies Inc.", "Sangfor EasyConnect"},
};

constexpr SoftwareName kEveryday[] = {
    {"Google LLC", "Google Chrome"},
    {"Microsoft Corporation", "Microsoft Edge"},
    {"Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-us"},
    {"Microsoft Corporation", "Microsoft Teams"},
    {"Microsoft Corporation", "Microsoft Visual Studio Code"},
    {"Microsoft Corporation", "Microsoft Visual C++ 2015-2022 Redistributable (x64)"},
    {"Mozilla", "Mozilla Firefox (x64 en-US)"},
    {"Mozilla", "Mozilla Thunderbird (x64 en-US)"},
    {"Adobe Inc.", "Adobe Acrobat Reader DC"},
    {"Oracle Corporation", "Java 8 Update 401"},
    {"Oracle Corporation", "Oracle VM VirtualBox"},
    {"Zoom Video Communications, Inc.", "Zoom Workplace (64-bit)"},
    {"Slack Technologies Inc.", "Slack"},
    {"Dropbox, Inc.", "Dropbox"},
    {"Apple Inc.", "iTunes"},
    {"Igor Pavlov", "7-Zip 23.01 (x64)"},
    {"The Git Development Community", "Git"},
    {"Python Software Foundation", "Python 3.12.1 (64-bit)"},
    {"Notepad++ Team", "Notepad++ (64-bit x64)"},
    {"VideoLAN", "VLC media player"},
    {"Docker Inc.", "Docker Desktop"},
    {"Avast Software", "Avast Free Antivirus"},
    {"ESET, spol. s r.o.", "ESET Endpoint Security"},
    {"Bitdefender", "Bitdefender Endpoint Security Tools"},
    {"Sophos Limited", "Sophos Endpoint Agent"},
    {"CrowdStrike, Inc.", "CrowdStrike Windows Sensor"},
    {"TeamViewer Germany GmbH", "TeamViewer"},
    {"Valve Corporation", "Steam"},
    {"Spotify AB", "Spotify"},
    {"Cisco Systems, Inc.", "Cisco Secure Client - AnyConnect VPN"},
    {"Fortinet Inc", "FortiClient VPN"},
    {"Palo Alto Networks", "GlobalProtect"},
    {"VMware, Inc.", "VMware Tools"},
    {"Citrix Systems, Inc.", "Citrix Workspace 2309"},
    {"JetBrains s.r.o.", "IntelliJ IDEA Community Edition 2024.1"},
    {"Node.js Foundation", "Node.js"},
    {"The Wireshark developer community, https://www.wireshark.org", "Wireshark 4.2.5 x64"},
    {"Simon Tatham", "PuTTY release 0.80 (64-bit)"},
    {"win.rar GmbH", "WinRAR 6.24 (64-bit)"},
    {"Lenovo Group Ltd.", "Lenovo Vantage Service"},
    {"Dell Inc.", "Dell SupportAssist"},
    {"HP Inc.", "HP Smart"},
    {"Intel Corporation", "Intel(R) Driver & Support Assistant"},
    {"NVIDIA Corporation", "NVIDIA Graphics Driver 552.22"},
    {"Logitech", "Logi Options+"},
    {"Grammarly", "Grammarly for Windows"},
    {"Autodesk, Inc.", "AutoCAD 2024 - English"},
    {"Canonical Group Limited", "Ubuntu"},
    {"Debian Project", "openssl"},
    {"The PostgreSQL Global Development Group", "PostgreSQL 16"},
};

}  // namespace

absl::Span<const SoftwareName> BannedStyleSoftware() { return kBannedStyle; }
absl::Span<const SoftwareName> EverydaySoftware() { return kEveryday; }

}  // namespace test_support
}  // namespace interdict
