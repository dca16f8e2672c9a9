//! The data dictionary's kinds and their seeded items (DESIGN §2.5).

use serde::{Deserialize, Serialize};

/// Maximum length of a dictionary item's name, in characters.
pub const NAME_MAX_CHARS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DictionaryType {
    Region,
    Industry,
    CustomerLevel,
    ServiceType,
}

impl DictionaryType {
    pub const ALL: [DictionaryType; 4] = [
        DictionaryType::Region,
        DictionaryType::Industry,
        DictionaryType::CustomerLevel,
        DictionaryType::ServiceType,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            DictionaryType::Region => "region",
            DictionaryType::Industry => "industry",
            DictionaryType::CustomerLevel => "customer_level",
            DictionaryType::ServiceType => "service_type",
        }
    }

    pub fn from_code(code: &str) -> Option<DictionaryType> {
        DictionaryType::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    /// The built-in items a new database is seeded with, in display order.
    pub fn seeded_items(self) -> &'static [&'static str] {
        match self {
            DictionaryType::Region => &[
                "北京", "上海", "天津", "重庆", "华北", "华东", "华南", "华中", "西南", "西北",
                "东北",
            ],
            DictionaryType::Industry => &[
                "制造",
                "零售",
                "批发",
                "金融",
                "教育",
                "医疗",
                "建筑",
                "能源",
                "物流",
                "信息技术",
                "餐饮",
                "政府机关",
            ],
            DictionaryType::CustomerLevel => &[
                "普通客户",
                "重点开发客户",
                "大客户",
                "合作伙伴",
                "战略合作伙伴",
            ],
            DictionaryType::ServiceType => &["咨询", "建议", "投诉"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_customer_levels_are_the_five_of_the_design() {
        assert_eq!(
            DictionaryType::CustomerLevel.seeded_items(),
            [
                "普通客户",
                "重点开发客户",
                "大客户",
                "合作伙伴",
                "战略合作伙伴"
            ]
        );
    }

    #[test]
    fn seeded_names_fit_and_are_unique_per_type() {
        for kind in DictionaryType::ALL {
            let items = kind.seeded_items();
            for (i, name) in items.iter().enumerate() {
                assert!(name.chars().count() <= NAME_MAX_CHARS);
                assert!(!items[..i].contains(name), "{name} twice in {kind:?}");
            }
        }
    }
}
