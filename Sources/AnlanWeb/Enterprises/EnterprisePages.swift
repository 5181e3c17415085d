import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The enterprise list and the enterprise file (一企一档), with the forms that change them. The routes are grouped
/// by page family: the list and its exports (EnterprisePages+List), imports (+Import), and one enterprise's file (+File).
struct EnterprisePages {
    let store: Store
    let settings: WebSettings

    func register(_ router: PageRoutes) {
        registerList(router)
        registerImports(router)
        registerFile(router)
    }
}
