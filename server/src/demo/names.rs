//! Plausible Chinese company names, made from parts: a place, a brand of two characters, a
//! trade and a legal form — 北京华信科技有限公司. The demo and the benchmarks' data generator
//! use them, so search and sorting meet names like real ones.

use rand::Rng;
use rand::seq::IndexedRandom;

/// Places, with the region (dictionary item) each belongs to.
pub const PLACES: &[(&str, &str)] = &[
    ("北京", "北京"),
    ("上海", "上海"),
    ("天津", "天津"),
    ("重庆", "重庆"),
    ("石家庄", "华北"),
    ("太原", "华北"),
    ("杭州", "华东"),
    ("南京", "华东"),
    ("苏州", "华东"),
    ("宁波", "华东"),
    ("广州", "华南"),
    ("深圳", "华南"),
    ("厦门", "华南"),
    ("武汉", "华中"),
    ("长沙", "华中"),
    ("郑州", "华中"),
    ("成都", "西南"),
    ("昆明", "西南"),
    ("西安", "西北"),
    ("兰州", "西北"),
    ("沈阳", "东北"),
    ("哈尔滨", "东北"),
];

const BRAND_CHARS: &[char] = &[
    '华', '信', '达', '通', '宏', '远', '恒', '泰', '瑞', '丰', '盛', '兴', '隆', '嘉', '和', '鑫',
    '源', '佳', '汇', '博', '创', '新', '联', '安', '康', '明', '辉', '金', '银', '海', '天', '宇',
    '星', '光', '正', '德', '仁', '鼎', '昌', '运',
];

const TRADES: &[&str] = &[
    "科技",
    "电子",
    "机械",
    "贸易",
    "物流",
    "建设",
    "医药",
    "食品",
    "纺织",
    "化工",
    "软件",
    "能源",
    "电器",
    "汽车配件",
    "商贸",
    "文化传媒",
    "环保",
    "仪器仪表",
    "包装",
    "家具",
];

const FORMS: &[&str] = &["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"];

/// A generated company.
pub struct Company {
    pub name: String,
    pub place: &'static str,
    /// The region dictionary item the place belongs to.
    pub region: &'static str,
    /// 科技, 机械 …: what the company does.
    pub trade: &'static str,
}

pub fn company<R: Rng>(rng: &mut R) -> Company {
    let (place, region) = *PLACES.choose(rng).unwrap_or(&("北京", "北京"));
    let brand: String = (0..2).filter_map(|_| BRAND_CHARS.choose(rng)).collect();
    let trade = TRADES.choose(rng).copied().unwrap_or("科技");
    let form = FORMS.choose(rng).copied().unwrap_or("有限公司");
    Company {
        name: format!("{place}{brand}{trade}{form}"),
        place,
        region,
        trade,
    }
}
